import zlib from 'node:zlib';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';

// Attachment fixtures, all generated here (no binary from elsewhere): pictures from pixels by sharp, with every kind of
// metadata a phone, a scanner or an editor writes spliced in by hand, each carrying a marker string that must never
// come out of the server again.

export const MARKERS = {
  exifMake: 'QFMARK-EXIF-MAKE',
  exifArtist: 'QFMARK-EXIF-ARTIST-ZhangSan',
  gps: 'QFMARK-GPS-DATUM',
  xmp: 'QFMARK-XMP-CREATOR',
  icc: 'QFMARK-ICC-PROFILE',
  iptc: 'QFMARK-IPTC-BYLINE',
  comment: 'QFMARK-JPEG-COMMENT',
  pngText: 'QFMARK-PNG-TEXT',
  pngZtxt: 'QFMARK-PNG-ZTXT',
  pngXmp: 'QFMARK-PNG-XMP',
  pngExif: 'QFMARK-PNG-EXIF-GPS',
  pngPrivate: 'QFMARK-PNG-PRIVATE',
  pdfAuthor: 'QFMARK-PDF-AUTHOR',
  pdfXmp: 'QFMARK-PDF-XMP',
  annotAuthor: 'QFMARK-ANNOT-AUTHOR Li Si',
  annotContents: 'QFMARK-ANNOT-CONTENTS',
  lastModified: 'D:20261120093012',
  embeddedName: 'QFMARK-EMBEDDED-NAME',
  embeddedContent: 'QFMARK-EMBEDDED-CONTENT',
  script: 'QFMARK-HTML-SCRIPT',
} as const;

const ascii = (s: string) => Buffer.from(s, 'latin1');

/** A TIFF structure (big-endian) as Exif and PNG eXIf carry it: IFD0 with make, orientation, artist, and a GPS IFD. */
function exifTiff(orientation: number, gpsMarker: string): Buffer {
  type Entry = [tag: number, type: number, count: number, value: Buffer];
  const asciiEntry = (tag: number, text: string): Entry => [tag, 2, text.length + 1, Buffer.concat([ascii(text), Buffer.alloc(1)])];
  const short = (tag: number, v: number): Entry => {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(v);
    return [tag, 3, 1, b];
  };
  const rationals = (tag: number, values: Array<[number, number]>): Entry => {
    const b = Buffer.alloc(8 * values.length);
    values.forEach(([n, d], i) => (b.writeUInt32BE(n, 8 * i), b.writeUInt32BE(d, 8 * i + 4)));
    return [tag, 5, values.length, b];
  };
  const gps: Entry[] = [asciiEntry(0x0001, 'N'), rationals(0x0002, [[39, 1], [54, 1], [1512, 100]]), asciiEntry(0x0003, 'E'), rationals(0x0004, [[116, 1], [24, 1], [2664, 100]]), asciiEntry(0x0012, gpsMarker)];
  const ifdSize = (n: number) => 2 + 12 * n + 4;
  const ifd0Count = 4;
  const gpsOffset = 8 + ifdSize(ifd0Count);
  const pointer = Buffer.alloc(4);
  pointer.writeUInt32BE(gpsOffset);
  const ifd0: Entry[] = [asciiEntry(0x010f, MARKERS.exifMake), short(0x0112, orientation), asciiEntry(0x013b, MARKERS.exifArtist), [0x8825, 4, 1, pointer]];
  let dataOffset = gpsOffset + ifdSize(gps.length);
  const data: Buffer[] = [];
  const table = (entries: Entry[]) => {
    const out = Buffer.alloc(ifdSize(entries.length));
    out.writeUInt16BE(entries.length, 0);
    entries.forEach(([tag, type, count, value], i) => {
      const at = 2 + 12 * i;
      out.writeUInt16BE(tag, at);
      out.writeUInt16BE(type, at + 2);
      out.writeUInt32BE(count, at + 4);
      if (value.length <= 4) value.copy(out, at + 8);
      else {
        out.writeUInt32BE(dataOffset, at + 8);
        const padded = value.length % 2 ? Buffer.concat([value, Buffer.alloc(1)]) : value;
        data.push(padded);
        dataOffset += padded.length;
      }
    });
    return out;
  };
  const header = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]);
  const first = table(ifd0);
  const second = table(gps);
  return Buffer.concat([header, first, second, ...data]);
}

const xmpPacket = (marker: string) =>
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="${marker}"/></rdf:RDF></x:xmpmeta>`;

/** A real ICC profile (Display P3, as sharp ships it) with a marker appended inside its declared size. */
async function markedIccProfile(): Promise<Buffer> {
  const tagged = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#808080' } }).withIccProfile('p3').jpeg().toBuffer();
  const profile = (await sharp(tagged).metadata()).icc as Buffer;
  const marked = Buffer.concat([profile, ascii(MARKERS.icc), Buffer.alloc(4 - ((profile.length + MARKERS.icc.length) % 4 || 4))]);
  marked.writeUInt32BE(marked.length, 0);
  return marked;
}

/** Pixels with some structure: a gradient and a solid block, 40 × 20 (wider than high, so orientation shows). */
function pixels(width = 40, height = 20): Buffer {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw.set([(x * 6) % 256, (y * 12) % 256, x < 10 ? 200 : 60], (y * width + x) * 3);
  return raw;
}

const segment = (marker: number, payload: Buffer) => {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
};

/** A phone photo: JPEG with Exif (orientation 6, make, artist, GPS), XMP, an ICC profile, IPTC and a comment. */
export async function markedJpeg(): Promise<Buffer> {
  const base = await sharp(pixels(), { raw: { width: 40, height: 20, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  const iptc = Buffer.concat([ascii('Photoshop 3.0\0'), ascii('8BIM'), Buffer.from([0x04, 0x04, 0, 0]), Buffer.alloc(4), Buffer.from([0x1c, 0x02, 0x50, 0, MARKERS.iptc.length]), ascii(MARKERS.iptc)]);
  iptc.writeUInt32BE(5 + MARKERS.iptc.length, 14 + 4 + 4);
  const extra = Buffer.concat([
    segment(0xe1, Buffer.concat([ascii('Exif\0\0'), exifTiff(6, MARKERS.gps)])),
    segment(0xe1, Buffer.concat([ascii('http://ns.adobe.com/xap/1.0/\0'), ascii(xmpPacket(MARKERS.xmp))])),
    segment(0xe2, Buffer.concat([ascii('ICC_PROFILE\0'), Buffer.from([1, 1]), await markedIccProfile()])),
    segment(0xed, iptc),
    segment(0xfe, ascii(MARKERS.comment)),
  ]);
  return Buffer.concat([base.subarray(0, 2), extra, base.subarray(2)]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk with its length and CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** A PNG with the given chunks spliced in right after IHDR. */
async function pngWith(chunks: Buffer[]): Promise<Buffer> {
  const base = await sharp(pixels(), { raw: { width: 40, height: 20, channels: 3 } }).png().toBuffer();
  const afterIhdr = 8 + 12 + base.readUInt32BE(8);
  return Buffer.concat([base.subarray(0, afterIhdr), ...chunks, base.subarray(afterIhdr)]);
}

/** A PNG with an ICC profile, text, compressed text, XMP, a pre-standard eXIf chunk with GPS, a time and a private chunk. */
export async function markedPng(): Promise<Buffer> {
  return pngWith([
    pngChunk('iCCP', Buffer.concat([ascii('QFMARK ICC\0\0'), zlib.deflateSync(await markedIccProfile())])),
    pngChunk('tEXt', ascii(`Comment\0${MARKERS.pngText}`)),
    pngChunk('zTXt', Buffer.concat([ascii('Author\0\0'), zlib.deflateSync(ascii(MARKERS.pngZtxt))])),
    pngChunk('iTXt', Buffer.concat([ascii('XML:com.adobe.xmp\0\0\0\0\0'), ascii(xmpPacket(MARKERS.pngXmp))])),
    pngChunk('eXIf', exifTiff(1, MARKERS.pngExif)),
    pngChunk('tIME', Buffer.from([0x07, 0xea, 11, 20, 9, 30, 12])),
    pngChunk('qfMk', ascii(MARKERS.pngPrivate)),
  ]);
}

/** A valid PNG that is also an HTML page: a text chunk and a private chunk holding a script. */
export async function htmlPng(): Promise<Buffer> {
  const page = `<html><body><script>alert("${MARKERS.script}")</script></body></html>`;
  return pngWith([pngChunk('tEXt', ascii(`Comment\0${page}`)), pngChunk('htMl', ascii(page))]);
}

/** The marked photo converted to PDF as a phone or scanner does: the JPEG inside as is, plus author and XMP. */
export async function photoPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const photo = await doc.embedJpg(new Uint8Array(await markedJpeg()));
  doc.addPage([400, 200]).drawImage(photo, { x: 0, y: 0, width: 400, height: 200 });
  // A literal string, as most producers write it (pdf-lib's setAuthor would write hex).
  doc.context.trailerInfo.Info = doc.context.register(doc.context.obj({ Author: PDFString.of(MARKERS.pdfAuthor) }));
  const xmp = doc.context.stream(xmpPacket(MARKERS.pdfXmp), { Type: 'Metadata', Subtype: 'XML' });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));
  return Buffer.from(await doc.save());
}

/** A PDF with text, an annotation by a named author, a page /LastModified and an embedded file with its name and dates. */
export async function annotatedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([300, 200]);
  page.drawText('Minutes of the meeting', { x: 20, y: 100, size: 12 });
  const annotation = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Text',
    Rect: [10, 10, 60, 60],
    T: PDFString.of(MARKERS.annotAuthor),
    Contents: PDFString.of(MARKERS.annotContents),
    M: PDFString.of(`${MARKERS.lastModified}+08'00'`),
  });
  page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(annotation)]));
  page.node.set(PDFName.of('LastModified'), PDFString.of(`${MARKERS.lastModified}+08'00'`));
  await doc.attach(ascii(MARKERS.embeddedContent), `${MARKERS.embeddedName}.txt`, {
    mimeType: 'text/plain',
    description: MARKERS.embeddedName,
    creationDate: new Date('2026-11-20T01:30:12Z'),
    modificationDate: new Date('2026-11-20T01:30:12Z'),
  });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A decompression bomb: a one-page PDF (about 300 KB) whose content stream inflates to `mb` MB of spaces. */
export async function bombPdf(mb = 300): Promise<Buffer> {
  const deflate = zlib.createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(1 << 20, 0x20);
  for (let i = 0; i < mb; i++) deflate.write(chunk);
  deflate.end();
  await ended;
  const data = Buffer.concat(parts);
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>'];
  let text = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(text));
    text += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  offsets.push(Buffer.byteLength(text));
  const head = ascii(`${text}4 0 obj\n<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`);
  const xrefAt = head.length + data.length + '\nendstream\nendobj\n'.length;
  const tail = `\nendstream\nendobj\nxref\n0 5\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([head, data, ascii(tail)]);
}

/** A plain photo without metadata, 40 × 20. */
export function plainJpeg(): Promise<Buffer> {
  return sharp(pixels(), { raw: { width: 40, height: 20, channels: 3 } }).jpeg().toBuffer();
}

/**
 * Every text a file carries: its raw bytes plus everything that inflates from any zlib stream inside it (PDF streams,
 * PNG zTXt/iCCP/IDAT, whatever the container), so a marker hidden in a compressed stream is found too.
 */
export function everyDecompressedText(bytes: Buffer): string {
  const texts = [bytes.toString('latin1')];
  for (let i = 0; i < bytes.length - 2; i++) {
    if (bytes[i] !== 0x78 || ![0x01, 0x5e, 0x9c, 0xda].includes(bytes[i + 1])) continue;
    try {
      const inflated = zlib.inflateSync(bytes.subarray(i), { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: 64 * 1024 * 1024 });
      if (inflated.length > 0) texts.push(inflated.toString('latin1'));
    } catch {
      // not a zlib stream after all
    }
  }
  return texts.join('\n');
}

/** Markers found in a file (raw or inside any decompressed stream); an empty list is a pass. */
export function markersIn(bytes: Buffer): string[] {
  const text = everyDecompressedText(bytes);
  return Object.values(MARKERS).filter((m) => text.includes(m));
}
