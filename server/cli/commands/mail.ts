import { createMailer } from '../../mail/mailer';
import { outboxCounts } from '../../mail/outbox';
import { drainOutbox } from '../../mail/worker';
import type { CliCommand } from '../command';

// CLI commands of the mail area.
export const mailCommands: CliCommand[] = [
  {
    name: 'mail send-pending',
    usage: 'mail send-pending',
    summary: 'Send every due message in the outbox now (what the server does every few seconds); failures are retried later.',
    async run({ deps }) {
      const mailer = createMailer(deps.config);
      try {
        const r = await drainOutbox({ db: deps.db, mailer, clock: deps.clock, logger: deps.logger });
        return {
          json: { ok: true, sent: r.sent, retrying: r.retrying, failed: r.failed },
          text: `Sent: ${r.sent}. Will retry: ${r.retrying}. Failed for good: ${r.failed}.`,
        };
      } finally {
        mailer.close();
      }
    },
  },
  {
    name: 'mail status',
    usage: 'mail status',
    summary: 'Count outbox messages by status (pending, sent, failed).',
    async run({ deps }) {
      const counts = await outboxCounts(deps.db);
      return { json: { ok: true, ...counts }, text: `Pending: ${counts.pending}. Sent: ${counts.sent}. Failed: ${counts.failed}.` };
    },
  },
];
