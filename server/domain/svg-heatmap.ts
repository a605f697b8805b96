// Heat map of posts × the six survey dimensions (DESIGN.md §9), scores x̃ in 0..1, drawn as an SVG string.
import { escapeXml, px, svgOpen } from './svg-common';

export interface HeatmapInput {
  id: string;
  title: string;
  desc: string;
  columns: string[];
  rows: { label: string; values: number[]; note?: string }[];
}

const CELL_W = 96;
const CELL_H = 30;
const LABEL_W = 200;
const HEAD_H = 34;

/** Cell colour for a score 0..1: from pale yellow (low risk) to deep red (high risk), in 10 steps. */
export function heatColour(score: number): string {
  const palette = ['#fff7d6', '#fde9b0', '#fbd38a', '#f8b769', '#f39a52', '#e97c43', '#d9603a', '#c14532', '#a42f2b', '#7f1d1d'];
  const i = Math.min(palette.length - 1, Math.max(0, Math.floor(score * palette.length)));
  return palette[i];
}

/** Long labels are cut so the picture keeps its shape; the full text stays in the table beside it. */
function clip(label: string, max: number): string {
  return [...label].length > max ? `${[...label].slice(0, max - 1).join('')}…` : label;
}

/** §9 heat map: one row per post, one column per dimension, each cell with its score as text (never colour alone). */
export function heatmapSvg(input: HeatmapInput): string {
  const width = LABEL_W + CELL_W * input.columns.length + 10;
  const height = HEAD_H + CELL_H * input.rows.length + 10;
  const parts = [svgOpen(input.id, width, height, input.title, input.desc)];
  input.columns.forEach((c, j) => {
    parts.push(`<text x="${px(LABEL_W + CELL_W * j + CELL_W / 2)}" y="${px(HEAD_H - 12)}" text-anchor="middle" font-size="12" fill="#1b1f24">${escapeXml(clip(c, 14))}</text>`);
  });
  input.rows.forEach((row, i) => {
    const y = HEAD_H + CELL_H * i;
    parts.push(`<text x="${px(LABEL_W - 8)}" y="${px(y + CELL_H / 2 + 5)}" text-anchor="end" font-size="13" fill="#1b1f24">${escapeXml(clip(row.label, 14))}</text>`);
    row.values.forEach((v, j) => {
      const x = LABEL_W + CELL_W * j;
      const dark = v >= 0.6;
      parts.push(`<g><title>${escapeXml(`${row.label} · ${input.columns[j]}: ${v.toFixed(2)}${row.note ? ` (${row.note})` : ''}`)}</title>`
        + `<rect x="${px(x)}" y="${px(y)}" width="${CELL_W}" height="${CELL_H}" fill="${heatColour(v)}" stroke="#ffffff"/>`
        + `<text x="${px(x + CELL_W / 2)}" y="${px(y + CELL_H / 2 + 5)}" text-anchor="middle" font-size="13" fill="${dark ? '#ffffff' : '#1b1f24'}">${v.toFixed(2)}</text></g>`);
    });
  });
  parts.push('</svg>');
  return parts.join('');
}
