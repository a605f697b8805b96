// Heat map of posts × the six survey dimensions (DESIGN.md §9), scores x̃ in 0..1, drawn as an SVG string. Drawn
// narrow (about 450 px) with 14 px text, so that shrunk to a 360 px phone its text stays readable and widened to the
// page (CSS) it is not a postage stamp; the post titles wrap onto two lines instead of being cut.
import { escapeXml, multilineText, px, svgOpen, textWidth, wrapLabel } from './svg-common';

export interface HeatmapInput {
  id: string;
  title: string;
  desc: string;
  columns: string[];
  rows: { label: string; values: number[]; note?: string }[];
}

const FONT = 14;
const CELL_W = 42;
const CELL_H = 40;
const LABEL_W = 120;
/** The column headings are written at 45°, so their room above the grid and to the right follows the longest. */
const ANGLE = Math.SQRT1_2;

/** Cell colour for a score 0..1: from pale yellow (low risk) to deep red (high risk), in 10 steps. */
export function heatColour(score: number): string {
  const palette = ['#fff7d6', '#fde9b0', '#fbd38a', '#f8b769', '#f39a52', '#e97c43', '#d9603a', '#c14532', '#a42f2b', '#7f1d1d'];
  const i = Math.min(palette.length - 1, Math.max(0, Math.floor(score * palette.length)));
  return palette[i];
}

/** §9 heat map: one row per post, one column per dimension, each cell with its score as text (never colour alone). */
export function heatmapSvg(input: HeatmapInput): string {
  const longest = Math.max(0, ...input.columns.map((c) => textWidth(c, FONT)));
  const headH = Math.ceil(longest * ANGLE) + 16;
  const gridW = CELL_W * input.columns.length;
  const width = LABEL_W + gridW + Math.ceil(Math.max(0, longest * ANGLE - CELL_W / 2)) + 8;
  const height = headH + CELL_H * input.rows.length + 4;
  const parts = [svgOpen(input.id, width, height, input.title, input.desc)];
  input.columns.forEach((c, j) => {
    const x = LABEL_W + CELL_W * j + CELL_W / 2;
    parts.push(`<text transform="translate(${px(x)} ${px(headH - 8)}) rotate(-45)" font-size="${FONT}" fill="#1b1f24">${escapeXml(c)}</text>`);
  });
  input.rows.forEach((row, i) => {
    const y = headH + CELL_H * i;
    parts.push(multilineText(wrapLabel(row.label, LABEL_W - 8, FONT, 2), LABEL_W - 6, y + CELL_H / 2, FONT, 'text-anchor="end" fill="#1b1f24"'));
    row.values.forEach((v, j) => {
      const x = LABEL_W + CELL_W * j;
      const dark = v >= 0.6;
      parts.push(`<g><title>${escapeXml(`${row.label} · ${input.columns[j]}: ${v.toFixed(2)}${row.note ? ` (${row.note})` : ''}`)}</title>`
        + `<rect x="${px(x)}" y="${px(y)}" width="${CELL_W}" height="${CELL_H}" fill="${heatColour(v)}" stroke="#ffffff"/>`
        + `<text x="${px(x + CELL_W / 2)}" y="${px(y + CELL_H / 2 + FONT * 0.35)}" text-anchor="middle" font-size="${FONT}" fill="${dark ? '#ffffff' : '#1b1f24'}">${v.toFixed(2)}</text></g>`);
    });
  });
  parts.push('</svg>');
  return parts.join('');
}
