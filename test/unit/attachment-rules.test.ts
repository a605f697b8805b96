import { detectKind, downloadName, keptNameStem, PAGE_MAX_PIXELS, pageScale, RENDER_LIMITS, refusalMessage } from '../../server/domain/attachment-rules';
import { quotaRefusals, REPLIES_PER_DAY, UPLOAD_MB_PER_DAY, uploadCostMb } from '../../server/domain/followup-quota';
import { leadingFlateFilters } from '../../server/render/pdf-inflation';
import { translator } from '../../server/i18n';

test('the type comes from the first bytes, not the name', () => {
  expect(detectKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
  expect(detectKind(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
  expect(detectKind(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
  expect(detectKind(Buffer.from('<html><script>'))).toBeNull();
  expect(detectKind(Buffer.alloc(0))).toBeNull();
});

test('download names: generated and numbered unless a name was kept; always the detected type\'s extension', () => {
  expect(downloadName('附件', 1, 'pdf', null)).toBe('附件-1.pdf');
  expect(downloadName('attachment', 3, 'jpeg', null)).toBe('attachment-3.jpg');
  expect(downloadName('attachment', 1, 'png', keptNameStem('evidence.html'))).toBe('evidence.png');
  expect(downloadName('附件', 2, 'jpeg', keptNameStem('C:\\Users\\li\\IMG_20261120_LiSi.jpeg'))).toBe('IMG_20261120_LiSi.jpg');
  expect(keptNameStem('../../etc/pass\u0000wd')).toBe('passwd');
  expect(keptNameStem('王五-证据.final.pdf')).toBe('王五-证据.final');
  expect(keptNameStem('...')).toBeNull();
  expect(keptNameStem('')).toBeNull();
  expect([...(keptNameStem('长'.repeat(300) + '.pdf') ?? '')]).toHaveLength(100);
});

test('a page renders at 150 dpi unless it would pass the page pixel cap (a poster is scaled down)', () => {
  expect(pageScale(595, 842)).toBeCloseTo(150 / 72);
  const poster = pageScale(2384, 3370); // A0
  expect(poster).toBeLessThan(150 / 72);
  expect(2384 * poster * 3370 * poster).toBeCloseTo(PAGE_MAX_PIXELS, -2);
});

test('every refusal has a message in both languages, and a limit names its value', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    const t = translator(lang);
    for (const limit of Object.keys(RENDER_LIMITS) as Array<keyof typeof RENDER_LIMITS>) {
      const { key, params } = refusalMessage({ limit });
      expect(t(key, params)).toContain(String(RENDER_LIMITS[limit]));
    }
    for (const problem of ['unreadable', 'encrypted', 'busy'] as const) expect(t(refusalMessage({ problem }).key)).not.toMatch(/^report\./);
  }
});

test('follow-up quota: files cost whole MiB each; the messages state the limits in force', () => {
  expect(uploadCostMb([1, 1024 * 1024, 1024 * 1024 + 1])).toBe(4);
  expect(quotaRefusals({ replies: REPLIES_PER_DAY - 1, uploadMb: 0 }, UPLOAD_MB_PER_DAY)).toEqual({});
  expect(quotaRefusals({ replies: REPLIES_PER_DAY, uploadMb: 1 }, UPLOAD_MB_PER_DAY)).toEqual({ message: 'report.quota.replies', attachments: 'report.quota.upload' });
  expect(translator('en')('report.quota.replies')).toContain(`${REPLIES_PER_DAY} a day`);
  expect(translator('zh-CN')('report.quota.upload')).toContain(`每天 ${UPLOAD_MB_PER_DAY} MB`);
});

test('the decompressed-size guard counts every Flate layer at the head of a filter chain', () => {
  expect(leadingFlateFilters('<< /Length 10 /Filter /FlateDecode >>')).toBe(1);
  expect(leadingFlateFilters('<< /Filter [/FlateDecode /Fl /DCTDecode] >>')).toBe(2);
  expect(leadingFlateFilters('<< /Filter [/DCTDecode /FlateDecode] >>')).toBe(0);
  expect(leadingFlateFilters('<< /Length 3 >>')).toBe(0);
});
