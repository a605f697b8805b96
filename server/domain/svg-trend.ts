// Line chart of a post's score R across periods (DESIGN.md §9), with the level thresholds drawn as guides.
import { escapeXml, px, svgOpen } from './svg-common';

export interface TrendInput {
  id: string;
  title: string;
  desc: string;
  points: { label: string; value: number }[];
  /** Horizontal guides, e.g. the level thresholds 40 and 60. */
  guides: { value: number; label: string }[];
}

const W = 560;
const H = 240;
const PAD_L = 44;
const PAD_R = 16;
const PAD_T = 16;
const PAD_B = 40;

/** §9 trend: R on a fixed 0–100 axis, one point per period with its value written above it. */
export function trendSvg(input: TrendInput): string {
  const plotW = W - PAD_L - PAD_R;
  const plotH = H - PAD_T - PAD_B;
  const y = (v: number) => PAD_T + plotH * (1 - Math.min(100, Math.max(0, v)) / 100);
  const n = input.points.length;
  const x = (i: number) => PAD_L + (n <= 1 ? plotW / 2 : (plotW * i) / (n - 1));
  const parts = [svgOpen(input.id, W, H, input.title, input.desc)];
  parts.push(`<line x1="${PAD_L}" y1="${px(y(0))}" x2="${PAD_L + plotW}" y2="${px(y(0))}" stroke="#4a5360"/>`);
  parts.push(`<line x1="${PAD_L}" y1="${px(y(0))}" x2="${PAD_L}" y2="${px(y(100))}" stroke="#4a5360"/>`);
  for (const tick of [0, 20, 40, 60, 80, 100]) {
    parts.push(`<text x="${PAD_L - 6}" y="${px(y(tick) + 4)}" text-anchor="end" font-size="11" fill="#4a5360">${tick}</text>`);
  }
  for (const g of input.guides) {
    parts.push(`<line x1="${PAD_L}" y1="${px(y(g.value))}" x2="${PAD_L + plotW}" y2="${px(y(g.value))}" stroke="#8a5a00" stroke-dasharray="4 4"/>`
      + `<text x="${PAD_L + plotW}" y="${px(y(g.value) - 4)}" text-anchor="end" font-size="11" fill="#8a5a00">${escapeXml(g.label)}</text>`);
  }
  if (n > 1) {
    const path = input.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(x(i))} ${px(y(p.value))}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="#0b5c4b" stroke-width="2"/>`);
  }
  input.points.forEach((p, i) => {
    parts.push(`<circle cx="${px(x(i))}" cy="${px(y(p.value))}" r="4" fill="#0b5c4b"/>`
      + `<text x="${px(x(i))}" y="${px(y(p.value) - 8)}" text-anchor="middle" font-size="12" fill="#1b1f24">${p.value.toFixed(1)}</text>`
      + `<text x="${px(x(i))}" y="${H - PAD_B + 18}" text-anchor="middle" font-size="12" fill="#1b1f24">${escapeXml(p.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
