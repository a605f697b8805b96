import { barsSvg } from '../../server/domain/svg-bars';
import { escapeXml, MIN_READABLE_PX, NARROWEST_PX, textWidth, wrapLabel } from '../../server/domain/svg-common';
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
  expect(svg).toContain('width="210"');
  expect(svg).toContain('width="105"');
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

/** The viewBox width and the smallest font size of a picture. */
function geometry(svg: string) {
  const width = Number(/viewBox="0 0 ([\d.]+) /.exec(svg)?.[1]);
  const fonts = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  return { width, smallestFont: Math.min(...fonts) };
}

const posts = ['局长', '政委', '副局长（分管财务装备）', '副局长（分管执法办案）', '纪委书记'];
const pictures = {
  heatmap: heatmapSvg({ id: 'hm', title: 't', desc: 'd', columns: ['Opportunity', 'Pressure', 'Rationalization', 'Rules', 'Supervision', 'Cost'], rows: posts.map((label) => ({ label, values: [0.1, 0.2, 0.3, 0.5, 0.7, 0.9] })) }),
  trend: trendSvg({ id: 'tr', title: 't', desc: 'd', points: [{ label: '2024年度', value: 70 }, { label: '2025年度', value: 61 }, { label: '2026年度', value: 58 }], guides: [{ value: 60, label: 'level 1 ≥ 60' }, { value: 40, label: 'level 2 ≥ 40' }] }),
  bars: barsSvg({ id: 'lv', title: 't', desc: 'd', bars: [{ label: 'High (level 1)', value: 2, colour: '#a4161a' }, { label: 'Medium (level 2)', value: 7, colour: '#8a5a00' }] }),
};

test.each(Object.entries(pictures))('the %s stays readable shrunk to a 360 px phone (text of at least 10 px)', (_name, svg) => {
  const { width, smallestFont } = geometry(svg);
  expect((smallestFont * NARROWEST_PX) / Math.max(width, NARROWEST_PX)).toBeGreaterThanOrEqual(MIN_READABLE_PX);
});

test('the trend writes the first and last period names whole inside the picture, and names the thresholds where no line runs', () => {
  const svg = pictures.trend;
  const { width } = geometry(svg);
  const labels = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle" font-size="(\d+)"[^>]*>(20\d\d年度)<\/text>/g)];
  expect(labels).toHaveLength(3);
  for (const [, x, size, text] of labels) {
    expect(Number(x) - textWidth(text, Number(size)) / 2).toBeGreaterThanOrEqual(0);
    expect(Number(x) + textWidth(text, Number(size)) / 2).toBeLessThanOrEqual(width);
  }
  const plotRight = Math.max(...[...svg.matchAll(/<line x1="[\d.]+" y1="[\d.]+" x2="([\d.]+)"/g)].map((m) => Number(m[1])));
  const path = /<path d="([^"]+)"/.exec(svg)?.[1] ?? '';
  const pathRight = Math.max(...[...path.matchAll(/[ML]([\d.]+) /g)].map((m) => Number(m[1])));
  expect(pathRight).toBeLessThan(plotRight);
  for (const [, x, label] of svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" font-size="\d+" fill="#8a5a00">([^<]+)<\/text>/g)) {
    expect({ label, x: Number(x) > plotRight }).toEqual({ label, x: true });
    expect(Number(x) + textWidth(label, 14)).toBeLessThanOrEqual(width);
  }
});

test('the heat map writes long post titles whole, over two lines, instead of cutting them', () => {
  for (const title of posts) {
    const lines = wrapLabel(title, 112, 14, 2);
    expect(lines.join('')).toBe(title);
    for (const line of lines) expect(textWidth(line, 14)).toBeLessThanOrEqual(112);
  }
  expect(pictures.heatmap).toContain('<tspan');
  expect(pictures.heatmap).not.toContain('…');
  expect(wrapLabel('A very long English post title that needs more than two lines', 112, 13, 2).at(-1)).toMatch(/…$/);
});
