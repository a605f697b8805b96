// Translates driver errors into domain terms, per dialect, so services never look at driver codes.
export type DbErrorKind = 'unique' | 'foreign_key' | 'busy' | 'unavailable' | 'bad_input' | 'other';

export function dbErrorKind(err: unknown): DbErrorKind {
  const e = err as { code?: string; errno?: number; message?: string };
  const code = e?.code ?? '';
  const message = e?.message ?? '';
  // PostgreSQL SQLSTATE codes
  if (code === '23505') return 'unique';
  if (code === '23503') return 'foreign_key';
  // Text PostgreSQL cannot store (a NUL character) or a value out of a column's range: the input's fault, not ours.
  if (code === '22021' || code === '22P05' || code === '22001' || code === '22003') return 'bad_input';
  if (code === '55P03' || code === '40001' || code === '40P01') return 'busy';
  if (code === 'ECONNREFUSED' || code === '57P01' || code === '57P03' || code === 'ETIMEDOUT') return 'unavailable';
  // SQLite (better-sqlite3)
  if (code === 'SQLITE_CONSTRAINT' || code.startsWith('SQLITE_CONSTRAINT')) {
    if (/UNIQUE|PRIMARY KEY/i.test(message) || code.endsWith('UNIQUE') || code.endsWith('PRIMARYKEY')) return 'unique';
    if (/FOREIGN KEY/i.test(message) || code.endsWith('FOREIGNKEY')) return 'foreign_key';
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'busy';
  if (code === 'SQLITE_CANTOPEN' || /Knex: Timeout acquiring a connection/.test(message)) return 'unavailable';
  return 'other';
}
