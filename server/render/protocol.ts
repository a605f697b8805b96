import type { AttachmentKind, RenderLimits, RenderRefusal } from '../domain/attachment-rules';

// Messages between the render pool (parent) and a render worker (child process), over the IPC channel with the
// 'advanced' serialization, so bytes travel as Uint8Array without base64.

export interface RenderRequest {
  id: number;
  kind: AttachmentKind;
  bytes: Uint8Array;
  limits: RenderLimits;
}

export type RenderReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; refusal: RenderRefusal };

/** Thrown inside the worker when a file is refused; the worker turns it into a reply. */
export class RenderRefused extends Error {
  constructor(readonly refusal: RenderRefusal) {
    super('problem' in refusal ? refusal.problem : `limit: ${refusal.limit}`);
  }
}
