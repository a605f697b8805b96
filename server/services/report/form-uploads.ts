import type { Config } from '../../config';
import { MAX_FILES } from '../../domain/report-rules';
import { ValidationError, type FieldErrors } from '../../errors';
import type { AttachmentRenderer } from '../../render/pool';
import type { Secrets } from '../../secrets';
import { renderUploads, type RefusedAttachment, type RenderedAttachment, type UploadedFile } from './attachments';
import { hold, readHeld, type HeldUpload } from './held-uploads';

// The files of a public form (a report or a reporter's reply): newly sent files are re-rendered, joined to those held
// for the same form, and either all go into the filing or, when anything is wrong, the good ones are held and the form
// comes back naming each refused file and its reason, with the reporter's text and the held files kept.

export interface UploadDeps {
  config: Config;
  secrets: Secrets;
  renderer: AttachmentRenderer;
  clock: { now(): number };
}

/** The form cannot be filed as sent: field errors, the files refused and why, and the files held for the next try. */
export class FormRefused extends ValidationError {
  constructor(fields: FieldErrors, readonly refused: RefusedAttachment[], readonly kept: HeldUpload[]) {
    super(fields);
  }
}

/**
 * The attachments to file with this form, or FormRefused when `errors` has anything or a file was refused. Without a
 * form token nothing can be held: the files of a refused form are then dropped (and the page says so).
 */
export async function gatherUploads(deps: UploadDeps, formToken: string | null, files: readonly UploadedFile[], errors: FieldErrors): Promise<RenderedAttachment[]> {
  const rendered = await renderUploads(deps.renderer, files);
  const held = formToken ? await readHeld(deps.config, deps.secrets, formToken) : [];
  const room = Math.max(0, MAX_FILES - held.length);
  const fits = rendered.accepted.slice(0, room);
  const refused = [
    ...rendered.refused,
    ...rendered.accepted.slice(room).map((f) => ({ position: f.position, originalName: f.originalName, reason: { key: 'report.error.file_count', params: {} } })),
  ].sort((a, b) => a.position - b.position);
  if (refused.length > 0) errors.attachments = 'report.error.file_refused';
  if (Object.keys(errors).length === 0) return [...held, ...fits];
  if (formToken) await hold(deps.config, deps.secrets, formToken, fits, deps.clock.now());
  const kept = formToken ? [...held, ...fits] : [];
  throw new FormRefused(errors, refused, kept.map((f) => ({ kind: f.kind, originalName: f.originalName })));
}

/** What is held for a form, to list on a form shown again without new files (e.g. an upload that was cut off). */
export async function heldOverview(deps: UploadDeps, formToken: string | null): Promise<HeldUpload[]> {
  if (!formToken) return [];
  return (await readHeld(deps.config, deps.secrets, formToken)).map((f) => ({ kind: f.kind, originalName: f.originalName }));
}
