// Shared helpers of the server-drawn SVG pictures (DESIGN.md §9): escaping and number formatting.

/** XML escaping of text and attribute values: every label in a picture comes from data (post titles). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Coordinates with at most two decimals, so pictures are small and stable. */
export function px(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Colours of the three levels (the same as the level badges in site.css). */
export const LEVEL_COLOURS = { high: '#a4161a', medium: '#8a5a00', low: '#1e6b2e' } as const;

/** Colour of a bar that carries no level (a survey answer count). */
export const PLAIN_BAR_COLOUR = '#0b5d4b';

/** Opening tag of an accessible picture: role="img" named by its <title>, described by its <desc>. */
export function svgOpen(id: string, width: number, height: number, title: string, desc: string, className = 'risk-svg'): string {
  const t = `${id}-title`;
  const d = `${id}-desc`;
  return `<svg class="${escapeXml(className)}" role="img" aria-labelledby="${escapeXml(t)} ${escapeXml(d)}" xmlns="http://www.w3.org/2000/svg" id="${escapeXml(id)}" `
    + `viewBox="0 0 ${px(width)} ${px(height)}" width="${px(width)}" height="${px(height)}">`
    + `<title id="${escapeXml(t)}">${escapeXml(title)}</title><desc id="${escapeXml(d)}">${escapeXml(desc)}</desc>`;
}

/**
 * The smallest width (CSS px) a picture is shown at: a 360 px phone less the page's padding. Pictures are drawn so
 * that their text is still at least MIN_READABLE_PX there (test/unit/svg-pictures.test.ts).
 */
export const NARROWEST_PX = 328;
export const MIN_READABLE_PX = 10;

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Estimated width of a text in px: a Chinese character or full-width sign is one em, other characters 0.6 em. */
export function textWidth(text: string, fontSize: number): number {
  return [...text].reduce((w, c) => w + (WIDE.test(c) ? 1 : 0.6), 0) * fontSize;
}

/**
 * A label in at most `maxLines` lines of at most `maxWidth` px: Chinese breaks between characters (never before a
 * closing or after an opening bracket), other text between words; what still does not fit ends with "…".
 */
export function wrapLabel(label: string, maxWidth: number, fontSize: number, maxLines: number): string[] {
  const tokens = label.match(/[A-Za-z0-9'’.,:;!?()-]+\s*|\s+|[（【“《][^\s）】”》]|[^\s][）】”》，。、：；！？]*|./gu) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (line && textWidth((line + token).trimEnd(), fontSize) > maxWidth) {
      lines.push(line.trimEnd());
      line = token.trimStart();
    } else line += token;
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1];
  while (last && textWidth(last + '…', fontSize) > maxWidth) last = [...last].slice(0, -1).join('');
  kept[maxLines - 1] = last + '…';
  return kept;
}

/** A <text> of one or more lines (tspans), centred on y. */
export function multilineText(lines: string[], x: number, y: number, fontSize: number, attrs: string): string {
  const lineHeight = fontSize * 1.2;
  const top = y - ((lines.length - 1) * lineHeight) / 2 + fontSize * 0.35;
  return `<text x="${px(x)}" y="${px(top)}" font-size="${fontSize}" ${attrs}>`
    + lines.map((l, i) => `<tspan x="${px(x)}" dy="${i === 0 ? 0 : px(lineHeight)}">${escapeXml(l)}</tspan>`).join('')
    + '</text>';
}
