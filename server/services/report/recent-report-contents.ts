import crypto from 'node:crypto';
import { SAME_CONTENT_MINUTES } from '../../domain/report-rules';

// A report sent again with the same content (Back, check the text, send: a fresh form, so a fresh form token) within
// 30 minutes is caught and the reporter asked whether to file it again. Only a keyed hash of the content is kept,
// in this process's memory, under a key made at start and never written anywhere, with the moment it expires; it is
// never on disk, in Redis or in a log. Another instance does not see it: there the report is filed again, as before.

export const SAME_CONTENT_MS = SAME_CONTENT_MINUTES * 60_000;
const MAX_ENTRIES = 10_000;

export class RecentReportContents {
  private readonly key = crypto.randomBytes(32);
  private readonly expiries = new Map<string, number>();

  constructor(private readonly now: () => number, private readonly keepMs = SAME_CONTENT_MS) {}

  /** Whether a report with exactly this content (fields trimmed, in any order) was filed here within keepMs. */
  has(content: object): boolean {
    this.sweep();
    return this.expiries.has(this.fingerprint(content));
  }

  remember(content: object): void {
    this.sweep();
    if (this.expiries.size >= MAX_ENTRIES) this.expiries.delete(this.expiries.keys().next().value as string);
    this.expiries.set(this.fingerprint(content), this.now() + this.keepMs);
  }

  private fingerprint(content: object): string {
    const fields = Object.entries(content).sort(([a], [b]) => (a < b ? -1 : 1));
    const canonical = JSON.stringify(fields.map(([name, value]) => [name, String(value ?? '').trim()]));
    return crypto.createHmac('sha256', this.key).update(canonical).digest('base64url');
  }

  private sweep(): void {
    const now = this.now();
    for (const [fingerprint, expires] of this.expiries) if (expires <= now) this.expiries.delete(fingerprint);
  }
}
