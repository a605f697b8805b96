// Attachment rules (DESIGN.md §4): the type comes from the file's own first bytes, never from the browser's word; the
// file itself is never kept, only a copy re-rendered from its pixels inside limits that name what they protect; the
// name a person sees on download is generated unless the reporter asked to keep theirs.
export type AttachmentKind = 'jpeg' | 'png' | 'pdf';

export const MIME_OF: Readonly<Record<AttachmentKind, string>> = { jpeg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf' };
export const EXTENSION_OF: Readonly<Record<AttachmentKind, string>> = { jpeg: 'jpg', png: 'png', pdf: 'pdf' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Magic bytes: FF D8 FF (JPEG), the PNG signature, "%PDF-". Anything else is refused. */
export function detectKind(bytes: Uint8Array): AttachmentKind | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-') return 'pdf';
  return null;
}

/**
 * Hard limits of one re-rendering. Time and memory are enforced from outside the worker (it is killed); pages, pixels
 * and decompressed bytes are checked before the work they would make expensive is done.
 */
export interface RenderLimits {
  /** Wall time of one file, start to finish. */
  seconds: number;
  /** Resident memory of the worker process. */
  memoryMb: number;
  /** Pages of one PDF. */
  pages: number;
  /** Pixels of one image, or of one image inside a PDF. */
  megapixels: number;
  /** Sum of what every compressed stream of a PDF inflates to. */
  decompressedMb: number;
}

export const RENDER_LIMITS: Readonly<RenderLimits> = Object.freeze({ seconds: 45, memoryMb: 768, pages: 50, megapixels: 64, decompressedMb: 128 });

/** Resolution of a rendered PDF page, and the most pixels one rendered page may have (a poster is scaled down). */
export const PDF_RENDER_DPI = 150;
export const PAGE_MAX_PIXELS = 12_000_000;

export type RenderLimitName = keyof RenderLimits;
export type RenderProblem = 'unreadable' | 'encrypted' | 'busy';
export type RenderRefusal = { limit: RenderLimitName } | { problem: RenderProblem };

/** The translated reason for a refusal, naming the limit and its value. */
export function refusalMessage(refusal: RenderRefusal, limits: RenderLimits = RENDER_LIMITS): { key: string; params: Record<string, number> } {
  if ('problem' in refusal) return { key: `report.attachment.problem.${refusal.problem}`, params: {} };
  return { key: `report.attachment.limit.${refusal.limit}`, params: { value: limits[refusal.limit] } };
}

/** Scale of a rendered page: PDF_RENDER_DPI, less for a page that would exceed PAGE_MAX_PIXELS. Sizes in points. */
export function pageScale(widthPt: number, heightPt: number): number {
  const scale = PDF_RENDER_DPI / 72;
  const pixels = widthPt * scale * heightPt * scale;
  return pixels <= PAGE_MAX_PIXELS ? scale : Math.sqrt(PAGE_MAX_PIXELS / (widthPt * heightPt));
}

const NAME_MAX = 100;

/**
 * What is kept of an original file name when the reporter ticks keep_names: the last path part without its
 * extension (the extension always comes from the detected type), without control characters; null if nothing is left.
 */
export function keptNameStem(original: string): string | null {
  const base = original.replace(/\\/g, '/').split('/').pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim();
  const dot = clean.lastIndexOf('.');
  const stem = (dot > 0 ? clean.slice(0, dot) : clean).replace(/^\.+/, '').trim();
  return stem ? [...stem].slice(0, NAME_MAX).join('') : null;
}

/** The name a file is downloaded under: the kept stem, or "<stem>-<position>" (附件-1, attachment-1), with the detected type's extension. */
export function downloadName(generatedStem: string, position: number, kind: AttachmentKind, keptStem: string | null): string {
  return `${keptStem ?? `${generatedStem}-${position}`}.${EXTENSION_OF[kind]}`;
}
