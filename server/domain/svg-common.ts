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

/** Opening tag of an accessible picture: role="img" named by its <title>, described by its <desc>. */
export function svgOpen(id: string, width: number, height: number, title: string, desc: string): string {
  const t = `${id}-title`;
  const d = `${id}-desc`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="risk-svg" id="${escapeXml(id)}" role="img" aria-labelledby="${escapeXml(t)} ${escapeXml(d)}" `
    + `viewBox="0 0 ${px(width)} ${px(height)}" width="${px(width)}" height="${px(height)}">`
    + `<title id="${escapeXml(t)}">${escapeXml(title)}</title><desc id="${escapeXml(d)}">${escapeXml(desc)}</desc>`;
}
