import fs from 'node:fs';
import { PDFDocument } from 'pdf-lib';
const [cand, file, n = '3'] = process.argv.slice(2);
const input = fs.readFileSync(file);
const DPI = 150;
async function assemble(pages) {
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const p of pages) { const img = await out.embedJpg(new Uint8Array(p.jpeg)); out.addPage([p.w, p.h]).drawImage(img, { x: 0, y: 0, width: p.w, height: p.h }); }
  return Buffer.from(await out.save());
}
const impl = {
  async sharp(buf) { const sharp = (await import('sharp')).default; sharp.cache(false); const s = sharp(buf, { limitInputPixels: 50e6 }).rotate(); return file.endsWith('.png') ? s.png().toBuffer() : s.jpeg({ quality: 85 }).toBuffer(); },
  async purejs(buf) {
    if (file.endsWith('.png')) { const { PNG } = await import('pngjs'); const img = PNG.sync.read(buf); return PNG.sync.write(img); }
    const jpeg = (await import('jpeg-js')).default; const img = jpeg.decode(buf, { maxMemoryUsageInMB: 1024, maxResolutionInMP: 50 }); return jpeg.encode(img, 85).data;
  },
  async pdfjs(buf) {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(buf), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
    const pages = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i); const vp = page.getViewport({ scale: DPI / 72 });
      const canvasAndCtx = doc.canvasFactory.create(Math.ceil(vp.width), Math.ceil(vp.height));
      await page.render({ canvasContext: canvasAndCtx.context, canvas: canvasAndCtx.canvas, viewport: vp }).promise;
      pages.push({ jpeg: await canvasAndCtx.canvas.encode('jpeg', 85), w: vp.width * 72 / DPI, h: vp.height * 72 / DPI });
      page.cleanup(); doc.canvasFactory.destroy(canvasAndCtx);
    }
    await doc.destroy();
    return assemble(pages);
  },
  async mupdf(buf) {
    const mupdf = await import('mupdf');
    const doc = mupdf.Document.openDocument(buf, 'application/pdf');
    const pages = [];
    for (let i = 0; i < doc.countPages(); i++) {
      const page = doc.loadPage(i); const [x0, y0, x1, y1] = page.getBounds();
      const pix = page.toPixmap(mupdf.Matrix.scale(DPI / 72, DPI / 72), mupdf.ColorSpace.DeviceRGB, false, true);
      pages.push({ jpeg: Buffer.from(pix.asJPEG(85, false)), w: x1 - x0, h: y1 - y0 });
      pix.destroy(); page.destroy();
    }
    doc.destroy();
    return assemble(pages);
  },
};
const t0 = performance.now(); let out = await impl[cand](input); const first = performance.now() - t0;
const times = [];
for (let i = 0; i < Number(n); i++) { const t = performance.now(); out = await impl[cand](input); times.push(performance.now() - t); }
times.sort((a, b) => a - b);
console.log(JSON.stringify({ cand, file, firstMs: Math.round(first), medianMs: Math.round(times[times.length >> 1]), outBytes: out.length, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
