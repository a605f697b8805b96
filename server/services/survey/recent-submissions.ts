// The answer to a form that is being, or was a moment ago, filed on this instance: a double click or an immediate
// reload gets the same answer (for a report: the same receipt) instead of a refusal that would lose it. Kept in
// memory only, for a few seconds, so that a later visitor of the same browser cannot bring a receipt back.

export const RECENT_SUBMISSION_MS = 30_000;
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  answer: Promise<T>;
  /** Set when the filing succeeded; until then the entry lives as long as the filing runs. */
  expires: number;
}

export class RecentSubmissions<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly now: () => number, private readonly keepMs = RECENT_SUBMISSION_MS) {}

  /**
   * Runs `file` once per key at a time: a second call while the first runs, or within keepMs after it succeeded,
   * shares its answer. A failed filing is forgotten at once, so the corrected form can be posted.
   */
  once(key: string, file: () => Promise<T>): Promise<T> {
    this.sweep();
    const known = this.entries.get(key);
    if (known) return known.answer;
    const entry: Entry<T> = { answer: Promise.resolve(undefined as T), expires: Infinity };
    entry.answer = file().then(
      (value) => {
        entry.expires = this.now() + this.keepMs;
        return value;
      },
      (err: unknown) => {
        this.entries.delete(key);
        throw err;
      },
    );
    this.entries.set(key, entry);
    return entry.answer;
  }

  /** Whether a filing under this key runs now or succeeded within keepMs (its answer would be shared). */
  has(key: string): boolean {
    this.sweep();
    return this.entries.has(key);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expires <= now || this.entries.size > MAX_ENTRIES) this.entries.delete(key);
    }
  }
}
