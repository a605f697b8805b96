import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn, type SignedIn } from '../helpers/factories';
import { annotatedPdf, bombPdf, htmlPng, markedJpeg, markedPng, markersIn, photoPdf, plainJpeg } from '../helpers/attachment-fixtures';
import { DESCRIPTION, fileViaForm, reportIdOf, receiptFrom, reportOrg } from '../helpers/report-factories';

// Issue 15: every attachment is re-rendered in the render pool and only the new copy is kept; what a reporter's file
// carried (GPS, camera, author, annotation authors, embedded files, dates, scripts) never comes out again.

let ctx: TestContext;
let org: Awaited<ReturnType<typeof reportOrg>>;
let committee: SignedIn;
beforeAll(async () => {
  ctx = await createTestContext();
  org = await reportOrg(ctx.deps.db);
  committee = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin', allUnits: true }));
});
afterAll(() => ctx.close());

/** Files one report with one attachment and downloads it as the committee does. */
async function fileAndDownload(name: string, bytes: Buffer, type: string, fields: Record<string, string> = {}, lang = 'zh-CN') {
  const filed = await fileViaForm(ctx.app, { unit: org.unit.key, ...fields }, [[name, bytes, type]]);
  expect(filed.status).toBe(200);
  const id = await reportIdOf(ctx.deps, receiptFrom(filed.text));
  const page = await committee.get(`/committee/reports/${id}`).set('Accept-Language', lang);
  const link = /href="(\/committee\/reports\/\d+\/attachments\/\d+)"/.exec(page.text);
  expect(link).not.toBeNull();
  const file = await committee.get((link as RegExpExecArray)[1]).set('Accept-Language', lang).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  expect(file.status).toBe(200);
  return { id, page: page.text, file, bytes: file.body as Buffer };
}

test('a phone photo comes out as a new JPEG: upright, sRGB, no metadata; no marker in any byte or decompressed stream', async () => {
  const original = await markedJpeg();
  expect(markersIn(original)).toHaveLength(7);
  const { bytes, file } = await fileAndDownload('IMG_20261120_LiSi.jpg', original, 'image/jpeg');
  expect(file.headers['content-disposition']).toBe(`attachment; filename="??-1.jpg"; filename*=UTF-8''${encodeURIComponent('附件-1.jpg')}`);
  expect(file.headers['content-type']).toBe('image/jpeg');
  expect(file.headers['x-content-type-options']).toBe('nosniff');
  expect(markersIn(bytes)).toEqual([]);
  const meta = await sharp(bytes).metadata();
  expect(meta).toMatchObject({ format: 'jpeg', width: 20, height: 40 }); // orientation 6 applied to the pixels
  expect([meta.exif, meta.icc, meta.xmp, meta.iptc, meta.orientation]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  for (let i = 2; i < bytes.length - 1; i++) if (bytes[i] === 0xff && bytes[i + 1] >= 0xe1 && bytes[i + 1] <= 0xef) throw new Error(`APP${bytes[i + 1] - 0xe0} segment at ${i}`);
  // Converted from the Display P3 profile to sRGB: the pixels changed, not just the tag dropped.
  const [before, after] = await Promise.all([sharp(original).autoOrient().keepIccProfile().raw().toBuffer(), sharp(bytes).raw().toBuffer()]);
  expect(after.equals(before)).toBe(false);
});

test('a PNG with ICC, text, XMP, a pre-standard eXIf chunk (GPS), a time and a private chunk comes out with none of them', async () => {
  const { bytes } = await fileAndDownload('screenshot.png', await markedPng(), 'image/png');
  expect(markersIn(bytes)).toEqual([]);
  const types: string[] = [];
  for (let i = 8; i < bytes.length; i += 12 + bytes.readUInt32BE(i)) types.push(bytes.toString('latin1', i + 4, i + 8));
  // pHYs is the pixel density libvips writes (72 dpi), the only chunk beside the picture itself.
  expect(new Set(types)).toEqual(new Set(['IHDR', 'pHYs', 'IDAT', 'IEND']));
  expect((await sharp(bytes).metadata()).format).toBe('png');
});

/** The streams of a PDF, each checked by pdf-lib: only page pictures (DCT images), page contents and the xref. */
function objectsOf(doc: PDFDocument) {
  return doc.context.enumerateIndirectObjects().map(([, o]) => o);
}

async function expectRenderedPdf(bytes: Buffer, pages: number) {
  expect(markersIn(bytes)).toEqual([]);
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  expect(doc.getPageCount()).toBe(pages);
  expect(doc.context.trailerInfo.Info).toBeUndefined();
  expect(doc.catalog.get(PDFName.of('Names'))).toBeUndefined();
  expect(doc.catalog.get(PDFName.of('Metadata'))).toBeUndefined();
  const images = objectsOf(doc).filter((o) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
  expect(images).toHaveLength(pages);
  for (const image of images) expect((image as PDFRawStream).dict.get(PDFName.of('Filter'))).toBe(PDFName.of('DCTDecode'));
  // No annotation, page date, embedded file, font (text became pixels), script or document dates.
  expect(bytes.toString('latin1')).not.toMatch(/\/(Annot|LastModified|EmbeddedFile|FileAttachment|BaseFont|FontFile|JavaScript|JS|CreationDate|ModDate|Producer|Creator|Author|Metadata)\b/);
}

test('the same photo inside a PDF (author, XMP, the JPEG with all its markers) comes out as a new PDF of pictures', async () => {
  const original = await photoPdf();
  expect(markersIn(original).length).toBeGreaterThanOrEqual(8);
  const { bytes, file } = await fileAndDownload('王五-证据.pdf', original, 'application/pdf');
  expect(file.headers['content-type']).toBe('application/pdf');
  expect(file.headers['content-disposition']).toContain(encodeURIComponent('附件-1.pdf'));
  await expectRenderedPdf(bytes, 1);
});

test('a PDF with an annotation author (/T), /LastModified and an embedded file comes out without any of them', async () => {
  const original = await annotatedPdf();
  expect(markersIn(original)).toHaveLength(5);
  const { bytes } = await fileAndDownload('minutes.pdf', original, 'application/pdf', {}, 'en');
  await expectRenderedPdf(bytes, 1);
});

test('a PNG carrying a script, sent as evidence.html, is stored and downloaded as a PNG named for its type', async () => {
  const { bytes, file } = await fileAndDownload('evidence.html', await htmlPng(), 'text/html', {}, 'en');
  expect(file.headers['content-type']).toBe('image/png');
  expect(file.headers['content-disposition']).toBe('attachment; filename=attachment-1.png');
  expect(file.headers['x-content-type-options']).toBe('nosniff');
  expect(bytes.toString('latin1')).not.toMatch(/<script|<html/i);
  expect(markersIn(bytes)).toEqual([]);
  const kept = await fileAndDownload('evidence.html', await htmlPng(), 'text/html', { keep_names: '1' }, 'en');
  expect(kept.file.headers['content-disposition']).toBe('attachment; filename=evidence.png');
});

test('file names are dropped unless keep_names=1; the case page shows the generated name', async () => {
  const dropped = await fileAndDownload('IMG_20261120_LiSi.jpg', await plainJpeg(), 'image/jpeg');
  expect(dropped.page).toContain('附件-1.jpg');
  expect(dropped.page).not.toContain('LiSi');
  const kept = await fileAndDownload('IMG_20261120_LiSi.jpg', await plainJpeg(), 'image/jpeg', { keep_names: '1' });
  expect(kept.page).toContain('IMG_20261120_LiSi.jpg');
  const form = await request(ctx.app).get('/report');
  expect(form.text).toMatch(/<input type="checkbox" id="f-keep_names" name="keep_names" value="1"/);
  expect(form.text).toContain('文件名常含拍摄时间、姓名或单位');
});

test('a decompression bomb is refused naming the limit while /healthz answers; text and the other file are kept, then filed', async () => {
  const bomb = await bombPdf(300);
  expect(bomb.length).toBeLessThan(400 * 1024);
  const token = 'bombtoken-0123456789ab';
  const order: string[] = [];
  // The first file to start rendering is the bomb (the photo waits for the pool): /healthz is asked at that moment.
  const health = new Promise<number>((resolve) => {
    const onStart = () => {
      ctx.deps.renderer.off('start', onStart);
      void request(ctx.app).get('/healthz').then((r) => (order.push('healthz'), resolve(r.status)));
    };
    ctx.deps.renderer.on('start', onStart);
  });
  const filing = fileViaForm(ctx.app, { unit: org.unit.key, real_name: '李四' }, [['scan.pdf', bomb, 'application/pdf'], ['photo.jpg', await plainJpeg(), 'image/jpeg']])
    .field('form_token', token)
    .set('Accept-Language', 'en')
    .then((r) => (order.push('filing'), r));
  const [status, res] = await Promise.all([health, filing]);
  expect(status).toBe(200);
  expect(order).toEqual(['healthz', 'filing']);
  expect(res.status).toBe(400);
  expect(res.text).toContain('File 1 (&#34;scan.pdf&#34;) was not accepted: it expands to more than the limit of 128 MB when decompressed.');
  expect(res.text).toMatch(new RegExp(`${DESCRIPTION}（第 \\d+ 份）</textarea>`)); // each filing in tests has its own text
  expect(res.text).toContain('value="李四"');
  expect(res.text).toMatch(/id="kept-files"[^]*photo\.jpg \(JPEG image\)/);
  expect(res.text).toContain(`name="form_token" value="${token}"`);

  // The same form sent again without choosing files: the kept photo is filed with it, and nothing stays held.
  const again = await fileViaForm(ctx.app, { unit: org.unit.key, real_name: '李四' }).field('form_token', token);
  expect(again.status).toBe(200);
  const id = await reportIdOf(ctx.deps, receiptFrom(again.text));
  expect(await ctx.deps.db('report_attachments').where({ report_id: id }).count({ n: '*' }).first()).toEqual({ n: 1 });
  expect(fs.readdirSync(path.join(ctx.dataDir, 'uploads', 'held'))).toEqual([]);
});
