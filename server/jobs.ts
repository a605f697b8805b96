import type { AppDeps } from './deps';

export interface BackgroundJobs {
  stop(): Promise<void>;
}

/** Starts the in-process background work (outbox worker, digest, retention). Each returns a stopper. */
export function startBackgroundJobs(_deps: AppDeps): BackgroundJobs {
  const stoppers: Array<() => Promise<void> | void> = [];
  return {
    async stop() {
      for (const stop of stoppers) await stop();
    },
  };
}
