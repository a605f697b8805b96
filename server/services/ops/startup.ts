import type { AppDeps } from '../../deps';
import { sealLegacyAttachmentMeta } from '../report/attachments';
import { ensureDefaultQuestionnaire } from '../survey/questionnaire';

/** Data every installation needs before its first request (idempotent; runs at each start after migrations). */
export async function ensureDefaults(deps: AppDeps): Promise<void> {
  // Areas add their first-start defaults here (e.g. the default questionnaire).
  await ensureDefaultQuestionnaire(deps.db, deps.clock.now());
  await sealLegacyAttachmentMeta(deps.db, deps.secrets);
}
