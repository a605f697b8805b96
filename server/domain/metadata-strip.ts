// Attachment rules (DESIGN.md §4): the type comes from the file's own first bytes, never from the browser's word, and
// images are stored without metadata. JPEG and PNG are stripped here by walking their structure; PDF needs pdf-lib
// (services/attachments.ts).
export type AttachmentKind = 'jpeg' | 'png' | 'pdf';

export const MIME_OF: Readonly<Record<AttachmentKind, string>> = { jpeg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf' };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Magic bytes: FF D8 FF (JPEG), the PNG signature, "%PDF-". Anything else is refused. */
export function detectKind(bytes: Buffer): AttachmentKind | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  return null;
}

export class MetadataStripError extends Error {}

// APP0 (JFIF), APP2 (ICC colour profile) and APP14 (Adobe colour transform) are needed to show the picture right;
// every other APPn (APP1 Exif/XMP with GPS, APP13 Photoshop/IPTC, …) and COM carry metadata.
const KEEP_APP = new Set([0xe0, 0xe2, 0xee]);
const isApp = (marker: number) => marker >= 0xe0 && marker <= 0xef;
const standalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

/** End of the entropy-coded data that follows a scan header: the next marker that is neither stuffing (FF 00) nor RSTn. */
function endOfScan(bytes: Buffer, from: number): number {
  for (let i = from; i < bytes.length - 1; i++) {
    if (bytes[i] !== 0xff) continue;
    const next = bytes[i + 1];
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
    return i;
  }
  throw new MetadataStripError('jpeg: scan data runs past the end');
}

/** JPEG without APP1/APP13/other metadata APPn and COM segments, by walking the marker segments. */
export function stripJpeg(bytes: Buffer): Buffer {
  if (detectKind(bytes) !== 'jpeg') throw new MetadataStripError('not a jpeg');
  const out: Buffer[] = [bytes.subarray(0, 2)];
  let i = 2;
  for (;;) {
    if (i >= bytes.length) throw new MetadataStripError('jpeg: no end-of-image marker');
    if (bytes[i] !== 0xff) throw new MetadataStripError('jpeg: expected a marker');
    while (bytes[i] === 0xff && bytes[i + 1] === 0xff) i++; // fill bytes
    const marker = bytes[i + 1];
    if (marker === undefined) throw new MetadataStripError('jpeg: truncated marker');
    if (marker === 0xd9) {
      out.push(bytes.subarray(i, i + 2));
      return Buffer.concat(out);
    }
    if (standalone(marker)) {
      out.push(bytes.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > bytes.length) throw new MetadataStripError('jpeg: truncated segment');
    const length = bytes.readUInt16BE(i + 2);
    const end = i + 2 + length;
    if (length < 2 || end > bytes.length) throw new MetadataStripError('jpeg: segment length out of range');
    const drop = marker === 0xfe || (isApp(marker) && !KEEP_APP.has(marker));
    if (!drop) out.push(bytes.subarray(i, end));
    if (marker === 0xda) {
      const scanEnd = endOfScan(bytes, end);
      out.push(bytes.subarray(end, scanEnd));
      i = scanEnd;
    } else {
      i = end;
    }
  }
}

const PNG_METADATA_CHUNKS = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** PNG without its text, Exif and time chunks; the other chunks are copied byte for byte (their CRCs stay valid). */
export function stripPng(bytes: Buffer): Buffer {
  if (detectKind(bytes) !== 'png') throw new MetadataStripError('not a png');
  const out: Buffer[] = [PNG_SIGNATURE];
  let i = 8;
  for (;;) {
    if (i + 12 > bytes.length) throw new MetadataStripError('png: truncated chunk');
    const length = bytes.readUInt32BE(i);
    const type = bytes.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > bytes.length) throw new MetadataStripError('png: malformed chunk');
    if (!PNG_METADATA_CHUNKS.has(type)) out.push(bytes.subarray(i, end));
    if (type === 'IEND') return Buffer.concat(out);
    i = end;
  }
}
