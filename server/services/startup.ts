import type { AppDeps } from '../deps';

/** Data every installation needs before its first request (idempotent; runs at each start after migrations). */
export async function ensureDefaults(_deps: AppDeps): Promise<void> {
  // Areas add their first-start defaults here (e.g. the default questionnaire).
}
