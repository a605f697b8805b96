import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { pageScale, type RenderLimits } from '../domain/attachment-rules';
import { inflatesBeyond } from './pdf-inflation';
import { RenderRefused } from './protocol';

// A PDF is rendered page by page to pixels (pdf.js drawing on a Skia canvas from @napi-rs/canvas) and a new PDF is
// assembled from those pictures (pdf-lib). Nothing of the original survives: no text layer, no annotation (author,
// dates), no embedded file, no metadata, no JavaScript; the new file has no Info dictionary and no dates.

const PDFJS_DIR = path.dirname(require.resolve('pdfjs-dist/package.json'));
const JPEG_QUALITY = 85;
const OVERSIZED_IMAGE = 'Image exceeded maximum allowed size';

// pdf.js is published as ES modules only; a real dynamic import (not compiled to require) loads it from CommonJS.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<PdfJs>;

interface PdfJsCanvas {
  canvas: { encode(format: 'jpeg', quality: number): Promise<Buffer> };
  context: unknown;
}
interface PdfJsPage {
  getViewport(options: { scale: number }): { width: number; height: number };
  render(options: { canvasContext: unknown; canvas: unknown; viewport: unknown; background: string }): { promise: Promise<void> };
  cleanup(): void;
}
interface PdfJsDocument {
  numPages: number;
  getPage(n: number): Promise<PdfJsPage>;
  canvasFactory: { create(w: number, h: number): PdfJsCanvas; destroy(c: PdfJsCanvas): void };
  destroy(): Promise<void>;
}
interface PdfJs {
  getDocument(options: Record<string, unknown>): { promise: Promise<PdfJsDocument> };
}

async function openDocument(bytes: Uint8Array, limits: RenderLimits): Promise<PdfJsDocument> {
  const pdfjs = await importEsm('pdfjs-dist/legacy/build/pdf.mjs');
  try {
    return await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      enableXfa: false,
      disableFontFace: true,
      useSystemFonts: false,
      stopAtErrors: false,
      maxImageSize: limits.megapixels * 1_000_000,
      cMapUrl: path.join(PDFJS_DIR, 'cmaps') + path.sep,
      cMapPacked: true,
      standardFontDataUrl: path.join(PDFJS_DIR, 'standard_fonts') + path.sep,
      wasmUrl: path.join(PDFJS_DIR, 'wasm') + path.sep,
      verbosity: 1,
    }).promise;
  } catch (err) {
    throw new RenderRefused({ problem: (err as { name?: string })?.name === 'PasswordException' ? 'encrypted' : 'unreadable' });
  }
}

/** Renders every page; refuses over the decompressed-size, page or pixel limit. */
export async function renderPdf(bytes: Uint8Array, limits: RenderLimits): Promise<Buffer> {
  if (await inflatesBeyond(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits.decompressedMb * 1024 * 1024)) {
    throw new RenderRefused({ limit: 'decompressedMb' });
  }
  // pdf.js leaves out an image over maxImageSize with a warning; a page silently missing evidence is refused instead.
  let oversized = false;
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void (oversized ||= String(args[0]).includes(OVERSIZED_IMAGE));
  let doc: PdfJsDocument | undefined;
  try {
    doc = await openDocument(bytes, limits);
    if (doc.numPages > limits.pages) throw new RenderRefused({ limit: 'pages' });
    const out = await PDFDocument.create({ updateMetadata: false });
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const size = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: pageScale(size.width, size.height) });
      const surface = doc.canvasFactory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
      try {
        await page.render({ canvasContext: surface.context, canvas: surface.canvas, viewport, background: 'rgb(255,255,255)' }).promise;
        if (oversized) throw new RenderRefused({ limit: 'megapixels' });
        // A copy: pdf-lib reads the JPEG through its ArrayBuffer from offset 0, and a Buffer may sit inside a larger one.
        const picture = await out.embedJpg(new Uint8Array(await surface.canvas.encode('jpeg', JPEG_QUALITY)));
        out.addPage([size.width, size.height]).drawImage(picture, { x: 0, y: 0, width: size.width, height: size.height });
      } finally {
        page.cleanup();
        doc.canvasFactory.destroy(surface);
      }
    }
    return Buffer.from(await out.save());
  } catch (err) {
    throw err instanceof RenderRefused ? err : new RenderRefused({ problem: 'unreadable' });
  } finally {
    console.warn = warn;
    await doc?.destroy();
  }
}
