import { barsSvg } from '../../server/domain/svg-bars';
import { escapeXml } from '../../server/domain/svg-common';
import { heatColour, heatmapSvg } from '../../server/domain/svg-heatmap';
import { trendSvg } from '../../server/domain/svg-trend';
import { assertWellFormedSvg } from '../helpers/svg-wellformed';

const evil = `<script>alert("x") & 'y'</script>`;

test('titles and labels from data are escaped, so a post titled <script> cannot inject markup', () => {
  const svg = heatmapSvg({ id: 'hm', title: evil, desc: evil, columns: ['机会', evil], rows: [{ label: evil, values: [0.25, 0.9] }] });
  assertWellFormedSvg(svg);
  expect(svg).not.toContain('<script>');
  expect(svg).toContain('&lt;script&gt;');
  expect(escapeXml(`a<b>&"'`)).toBe('a&lt;b&gt;&amp;&quot;&#39;');
});

test('the heat map is an accessible image with a title and writes every score as text', () => {
  const svg = heatmapSvg({ id: 'hm', title: '热力图', desc: 'desc', columns: ['a', 'b'], rows: [{ label: '局长', values: [0.123, 0.875] }, { label: '副局长', values: [0.5, 0] }] });
  assertWellFormedSvg(svg);
  expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="hm-title hm-desc"/);
  expect(svg).toContain('<title id="hm-title">热力图</title>');
  for (const v of ['0.12', '0.88', '0.50', '0.00']) expect(svg).toContain(`>${v}</text>`);
  expect(heatColour(0)).not.toBe(heatColour(1));
  expect(heatColour(1.5)).toBe(heatColour(1));
});

test('the level bars are proportional and labelled with their counts', () => {
  const svg = barsSvg({ id: 'lv', title: '分布', desc: 'd', bars: [{ label: '一级', value: 2, colour: '#a4161a' }, { label: '二级', value: 1, colour: '#8a5a00' }, { label: '三级', value: 0, colour: '#1e6b2e' }] });
  assertWellFormedSvg(svg);
  expect(svg).toContain('width="300"');
  expect(svg).toContain('width="150"');
  expect(svg).toContain('>2</text>');
  expect(svg).toContain('>0</text>');
});

test('the trend line has one point per period, its value written, and escapes period names', () => {
  const svg = trendSvg({ id: 'tr', title: 't', desc: 'd', points: [{ label: '2025年度', value: 42.04 }, { label: evil, value: 61.25 }], guides: [{ value: 60, label: '一级' }] });
  assertWellFormedSvg(svg);
  expect(svg.match(/<circle /g)).toHaveLength(2);
  expect(svg).toContain('>42.0</text>');
  expect(svg).toContain('>61.3</text>');
  expect(svg).not.toContain('<script>');
  const single = trendSvg({ id: 'tr1', title: 't', desc: 'd', points: [{ label: 'only', value: 10 }], guides: [] });
  assertWellFormedSvg(single);
  expect(single).not.toContain('<path');
});
