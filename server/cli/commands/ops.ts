import { CLI_ACTOR, recordAudit, verifyAuditChain } from '../../services/ops/audit';
import { backupDatabase } from '../../services/ops/backup';
import { CliError, flagString, type CliCommand } from '../command';

// Operations: backups.
export const opsCommands: CliCommand[] = [
  {
    name: 'backup',
    usage: 'backup --out FILE',
    summary: 'Consistent online backup of the database (SQLite: VACUUM INTO; PostgreSQL: pg_dump custom format).',
    async run({ deps, flags }) {
      const out = flagString(flags, 'out') as string;
      let result;
      try {
        result = await backupDatabase(deps.db, deps.config, out);
      } catch (err) {
        throw new CliError((err as Error).message);
      }
      const audit = await verifyAuditChain(deps.db);
      await recordAudit(deps.db, deps.clock.now(), { ...CLI_ACTOR, action: 'backup', details: { method: result.method, bytes: result.bytes } });
      return {
        json: { ok: true, ...result, auditChainOk: audit.ok },
        text: `Backup written to ${result.file} (${result.bytes} bytes, ${result.method}). Back up ${deps.config.dataDir}/secrets.json separately: without it encrypted report content cannot be read.`,
      };
    },
  },
];
