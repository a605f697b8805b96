import { detectKind, MetadataStripError, stripJpeg, stripPng } from '../../server/domain/metadata-strip';
import { jpegWithGps } from '../helpers/report-factories';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const png = (...chunks: Buffer[]) => Buffer.concat([SIGNATURE, ...chunks]);

test('the type comes from the first bytes, not the name', () => {
  expect(detectKind(jpegWithGps())).toBe('jpeg');
  expect(detectKind(png(chunk('IEND', Buffer.alloc(0))))).toBe('png');
  expect(detectKind(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
  expect(detectKind(Buffer.from('<html>'))).toBeNull();
  expect(detectKind(Buffer.alloc(0))).toBeNull();
});

test('JPEG: APP1 (Exif/GPS), APP13 and comments are removed, the picture segments kept byte for byte', () => {
  const input = jpegWithGps();
  const out = stripJpeg(input);
  const text = out.toString('latin1');
  expect(text).not.toMatch(/Exif|GPS|Photoshop|Zhang San/);
  expect(text).toContain('JFIF');
  expect(out.length).toBeLessThan(input.length);
  const scanStart = input.indexOf(Buffer.from([0xff, 0xda]));
  expect(out.subarray(out.indexOf(Buffer.from([0xff, 0xda])))).toEqual(input.subarray(scanStart));
});

test('JPEG: a truncated or malformed file is refused rather than stored half-cleaned', () => {
  const input = jpegWithGps();
  expect(() => stripJpeg(input.subarray(0, 30))).toThrow(MetadataStripError);
  const broken = Buffer.from(input);
  broken.writeUInt16BE(0xfff0, 4 + 16 + 2); // APP1 length beyond the end
  expect(() => stripJpeg(broken)).toThrow(MetadataStripError);
});

test('PNG: tEXt, zTXt, iTXt, eXIf and tIME chunks are dropped, the rest kept', () => {
  const ihdr = chunk('IHDR', Buffer.alloc(13, 1));
  const idat = chunk('IDAT', Buffer.from('pixels'));
  const out = stripPng(png(ihdr, chunk('tEXt', Buffer.from('Author\0Zhang San')), chunk('eXIf', Buffer.from('MM GPS')), chunk('iTXt', Buffer.from('XML:com.adobe.xmp')), chunk('tIME', Buffer.alloc(7)), idat, chunk('IEND', Buffer.alloc(0))));
  expect(out).toEqual(png(ihdr, idat, chunk('IEND', Buffer.alloc(0))));
  expect(() => stripPng(png(ihdr))).toThrow(MetadataStripError);
});
