import { bool } from '../../db/dialect';
import type { Secrets } from '../../secrets';
import { openOptional } from './encryption';

// What a report says, as its reporter sent it: the committee's case page (report-case.ts) and the reporter's own view
// (report-followup.ts) both show it, decrypted the same way.

export interface ReportContent {
  unitName: string;
  postTitle: string | null;
  targetPostTitle: string | null;
  matter: string;
  behaviour: string;
  channel: string | null;
  occurredOn: string | null;
  description: string | null;
  named: boolean;
  realName: string | null;
  contact: string | null;
}

/** The sent content of a reports row, its sealed fields opened; the unit and post names come from the caller's joins. */
export function reportContent(
  keyring: Secrets['encryption'], r: Record<string, any>, names: { unitName: string; postTitle: string | null; targetPostTitle: string | null },
): ReportContent {
  return {
    unitName: names.unitName,
    postTitle: names.postTitle,
    targetPostTitle: names.targetPostTitle,
    matter: r.matter,
    behaviour: r.behaviour,
    channel: r.channel,
    occurredOn: r.occurred_on,
    description: openOptional(keyring, r.description_enc),
    named: bool(r.named),
    realName: openOptional(keyring, r.real_name_enc),
    contact: openOptional(keyring, r.contact_enc),
  };
}
