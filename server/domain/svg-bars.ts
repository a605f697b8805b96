// Horizontal bar chart (DESIGN.md §9), the one bar chart: the level distribution of the risk pages and the answer
// distribution of a survey question (committee survey figures); each bar labelled with its count.
import { escapeXml, px, svgOpen } from './svg-common';

export interface BarsInput {
  id: string;
  title: string;
  desc: string;
  bars: { label: string; value: number; colour: string }[];
  /** Class of the <svg> (the page's CSS hook); risk pictures by default. */
  className?: string;
}

// About 400 px wide with 13 px text: readable when shrunk to a phone (svg-common.ts NARROWEST_PX).
const LABEL_W = 140;
const BAR_MAX = 210;
const BAR_H = 26;
const GAP = 10;

/** §9 bars: length proportional to the value (the largest fills the width), the number written beside each bar. */
export function barsSvg(input: BarsInput): string {
  const max = Math.max(1, ...input.bars.map((b) => b.value));
  const height = input.bars.length * (BAR_H + GAP) + GAP;
  const parts = [svgOpen(input.id, LABEL_W + BAR_MAX + 50, height, input.title, input.desc, input.className)];
  input.bars.forEach((b, i) => {
    const y = GAP + i * (BAR_H + GAP);
    const w = (BAR_MAX * Math.max(0, b.value)) / max;
    parts.push(`<text x="${px(LABEL_W - 8)}" y="${px(y + BAR_H / 2 + 5)}" text-anchor="end" font-size="13" fill="#1b1f24">${escapeXml(b.label)}</text>`
      + `<rect x="${LABEL_W}" y="${px(y)}" width="${px(w)}" height="${BAR_H}" fill="${escapeXml(b.colour)}"/>`
      + `<text x="${px(LABEL_W + w + 6)}" y="${px(y + BAR_H / 2 + 5)}" font-size="13" fill="#1b1f24">${escapeXml(String(b.value))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
