import sharp, { type Metadata } from 'sharp';
import type { RenderLimits } from '../domain/attachment-rules';
import { RenderRefused } from './protocol';

// Images are decoded to pixels and encoded anew by libvips (sharp): orientation applied, colour converted to sRGB,
// and nothing of the original kept — no Exif, XMP, IPTC, ICC, comment or text chunk, no unknown chunk.
// One thread, no cache: the worker renders one file at a time and must not keep a reporter's pixels after it.
sharp.concurrency(1);
sharp.cache(false);

/** A JPEG or PNG re-encoded from its pixels in the same format; refused over the pixel limit before decoding. */
export async function renderImage(bytes: Uint8Array, kind: 'jpeg' | 'png', limits: RenderLimits): Promise<Buffer> {
  const maxPixels = limits.megapixels * 1_000_000;
  const input = (limitInputPixels: number | false) => sharp(bytes, { limitInputPixels, failOn: 'error', sequentialRead: true, pages: 1 });
  let header: Metadata;
  try {
    header = await input(false).metadata(); // the header only: nothing is decoded yet
  } catch {
    throw new RenderRefused({ problem: 'unreadable' });
  }
  if (!header.width || !header.height || header.format !== (kind === 'jpeg' ? 'jpeg' : 'png')) throw new RenderRefused({ problem: 'unreadable' });
  if (header.width * header.height > maxPixels) throw new RenderRefused({ limit: 'megapixels' });
  try {
    const pixels = input(maxPixels).autoOrient().toColourspace('srgb');
    return await (kind === 'jpeg' ? pixels.jpeg({ quality: 88, chromaSubsampling: '4:2:0' }) : pixels.png({ compressionLevel: 6 })).toBuffer();
  } catch {
    throw new RenderRefused({ problem: 'unreadable' });
  }
}
