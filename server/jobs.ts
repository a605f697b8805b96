import type { AppDeps } from './deps';
import { errorFields } from './logger';
import { createMailer } from './mail/mailer';
import { runOutboxOnce } from './mail/worker';
import { dayOf } from './domain/deadlines';
import { sendAuditHeadDigest } from './services/ops/audit-digest';
import { purgeQuota } from './services/report/followup-quota';
import { purgeFormTokens } from './services/auth/form-tokens';
import { purgeHeld } from './services/report/held-uploads';
import { remindOverdueReports } from './services/report/report-deadlines';
import { purgeClosedReports } from './services/ops/retention';

export interface BackgroundJobs {
  stop(): Promise<void>;
}

/** How often the outbox worker looks for due mail. Digest notices are due at NOTIFY_AT, so this is only latency. */
export const OUTBOX_INTERVAL_MS = 5_000;
export const DAY_MS = 24 * 60 * 60_000;

interface RepeatingJob {
  stop(): Promise<void>;
}

/**
 * Runs `work` every `intervalMs` (first run after one interval, or at once with `runAtStart`), never two runs at once. The timer is unref'd, so
 * it does not keep the process alive; stop() cancels the timer and waits for a run in progress to finish.
 */
export function every(
  deps: Pick<AppDeps, 'logger'>,
  name: string,
  intervalMs: number,
  work: () => Promise<unknown>,
  options: { runAtStart?: boolean } = {},
): RepeatingJob {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = work()
      .then(() => undefined, (err) => deps.logger.error('background job failed', { job: name, ...errorFields(err) }))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  if (options.runAtStart) setImmediate(tick).unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}

/** Starts the in-process background work (outbox worker, digest, retention). Each returns a stopper. */
export function startBackgroundJobs(deps: AppDeps, options: { outboxIntervalMs?: number } = {}): BackgroundJobs {
  const mailer = createMailer(deps.config);
  const jobs: RepeatingJob[] = [
    // The digest needs no job of its own: digest notices are outbox rows due at the next NOTIFY_AT.
    every(deps, 'mail outbox', options.outboxIntervalMs ?? OUTBOX_INTERVAL_MS, () => runOutboxOnce({ db: deps.db, mailer, clock: deps.clock, logger: deps.logger })),
    every(deps, 'report retention', DAY_MS, () => { const now = deps.clock.now(); return purgeClosedReports(deps.db, deps.config, dayOf(now), now); }, { runAtStart: true }),
    every(deps, 'report deadline reminders', DAY_MS, () => { const now = deps.clock.now(); return remindOverdueReports(deps.db, deps.config, dayOf(now), now); }, { runAtStart: true }),
    every(deps, 'form token retention', DAY_MS, () => purgeFormTokens(deps.db, dayOf(deps.clock.now())), { runAtStart: true }),
    every(deps, 'follow-up quota retention', DAY_MS, () => purgeQuota(deps.db, dayOf(deps.clock.now())), { runAtStart: true }),
    every(deps, 'held upload retention', DAY_MS, () => purgeHeld(deps.config, deps.clock.now()), { runAtStart: true }),
    every(deps, 'audit head digest', 60_000, () => sendAuditHeadDigest(deps.db, deps.config, deps.clock.now()), { runAtStart: true }),
    // Add further jobs here, one line each.
  ];
  return {
    async stop() {
      await Promise.all(jobs.map((job) => job.stop()));
      mailer.close();
    },
  };
}
