import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { RENDER_LIMITS, type RenderLimits } from '../../server/domain/attachment-rules';
import { RenderPool } from '../../server/render/pool';
import { plainJpeg } from '../helpers/attachment-fixtures';

// The render pool's hard limits, each passed by a real file in a real worker process (the limits are lowered here so
// that small files pass them): pages, pixels (of an image and of an image inside a PDF), wall time and memory. A file
// over a limit is refused naming it; the pool goes on serving the next file.

const pools: RenderPool[] = [];
const pool = (limits: Partial<RenderLimits>) => {
  const p = new RenderPool({ size: 1, limits: { ...RENDER_LIMITS, ...limits } });
  pools.push(p);
  return p;
};
afterAll(() => Promise.all(pools.map((p) => p.close())));

async function textPdf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  for (let n = 0; n < pages; n++) {
    const page = doc.addPage([595, 842]);
    for (let line = 0; line < 40; line++) page.drawText(`Page ${n + 1}, line ${line + 1}: minutes of the meeting`, { x: 40, y: 800 - line * 18, size: 11 });
  }
  return Buffer.from(await doc.save());
}

const bigJpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#6a8' } }).jpeg().toBuffer();

test('a PDF with more pages than the limit is refused naming the page limit', async () => {
  expect(await pool({ pages: 2 }).render('pdf', await textPdf(3))).toEqual({ ok: false, refusal: { limit: 'pages' } });
});

test('an image over the pixel limit is refused before it is decoded; so is a PDF page holding one', async () => {
  const p = pool({ megapixels: 5 });
  const big = await bigJpeg(3000, 2000);
  expect(await p.render('jpeg', big)).toEqual({ ok: false, refusal: { limit: 'megapixels' } });
  const doc = await PDFDocument.create();
  doc.addPage([300, 200]).drawImage(await doc.embedJpg(new Uint8Array(big)), { x: 0, y: 0, width: 300, height: 200 });
  expect(await p.render('pdf', Buffer.from(await doc.save()))).toEqual({ ok: false, refusal: { limit: 'megapixels' } });
  expect((await p.render('jpeg', await plainJpeg())).ok).toBe(true);
});

test('a file that takes longer than the time limit is refused and its worker killed; the next file is served', async () => {
  const p = pool({ seconds: 2 });
  expect(await p.render('pdf', await textPdf(45))).toEqual({ ok: false, refusal: { limit: 'seconds' } });
  expect((await p.render('jpeg', await plainJpeg())).ok).toBe(true);
});

test('a worker that passes the memory limit is killed and the file refused naming the memory limit', async () => {
  expect(await pool({ memoryMb: 90 }).render('pdf', await textPdf(2))).toEqual({ ok: false, refusal: { limit: 'memoryMb' } });
});

test('a damaged file is refused as unreadable, not as a limit', async () => {
  const p = pool({});
  expect(await p.render('jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toEqual({ ok: false, refusal: { problem: 'unreadable' } });
  expect(await p.render('pdf', Buffer.from('%PDF-1.7\nnothing here'))).toEqual({ ok: false, refusal: { problem: 'unreadable' } });
});
