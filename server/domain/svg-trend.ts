// Line chart of a post's score R across periods (DESIGN.md §9), with the level thresholds drawn as guides.
// The thresholds are named in a margin right of the plot, where no line or point can cover them, and each period
// sits in the middle of its own slot, so the first and last period names are never cut at the edges.
import { escapeXml, px, svgOpen } from './svg-common';

export interface TrendInput {
  id: string;
  title: string;
  desc: string;
  points: { label: string; value: number }[];
  /** Horizontal guides, e.g. the level thresholds 40 and 60. */
  guides: { value: number; label: string }[];
}

const W = 440;
const H = 220;
const FONT = 14;
const PAD_L = 32;
const PAD_R = 108;
const PAD_T = 18;
const PAD_B = 36;

/** §9 trend: R on a fixed 0–100 axis, one point per period with its value written above it. */
export function trendSvg(input: TrendInput): string {
  const plotW = W - PAD_L - PAD_R;
  const plotH = H - PAD_T - PAD_B;
  const y = (v: number) => PAD_T + plotH * (1 - Math.min(100, Math.max(0, v)) / 100);
  const n = input.points.length;
  const x = (i: number) => PAD_L + (plotW * (i + 0.5)) / Math.max(1, n);
  const parts = [svgOpen(input.id, W, H, input.title, input.desc)];
  parts.push(`<line x1="${PAD_L}" y1="${px(y(0))}" x2="${PAD_L + plotW}" y2="${px(y(0))}" stroke="#4a5360"/>`);
  parts.push(`<line x1="${PAD_L}" y1="${px(y(0))}" x2="${PAD_L}" y2="${px(y(100))}" stroke="#4a5360"/>`);
  for (const tick of [0, 20, 40, 60, 80, 100]) {
    parts.push(`<text x="${PAD_L - 5}" y="${px(y(tick) + FONT * 0.35)}" text-anchor="end" font-size="${FONT}" fill="#4a5360">${tick}</text>`);
  }
  for (const g of input.guides) {
    parts.push(`<line x1="${PAD_L}" y1="${px(y(g.value))}" x2="${PAD_L + plotW}" y2="${px(y(g.value))}" stroke="#8a5a00" stroke-dasharray="4 4"/>`
      + `<text x="${PAD_L + plotW + 5}" y="${px(y(g.value) + FONT * 0.35)}" font-size="${FONT}" fill="#8a5a00">${escapeXml(g.label)}</text>`);
  }
  if (n > 1) {
    const path = input.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${px(x(i))} ${px(y(p.value))}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="#0b5c4b" stroke-width="2"/>`);
  }
  input.points.forEach((p, i) => {
    parts.push(`<circle cx="${px(x(i))}" cy="${px(y(p.value))}" r="4" fill="#0b5c4b"/>`
      + `<text x="${px(x(i))}" y="${px(y(p.value) - 8)}" text-anchor="middle" font-size="${FONT}" fill="#1b1f24">${p.value.toFixed(1)}</text>`
      + `<text x="${px(x(i))}" y="${H - PAD_B + 20}" text-anchor="middle" font-size="${FONT}" fill="#1b1f24">${escapeXml(p.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
