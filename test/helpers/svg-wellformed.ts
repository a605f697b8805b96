// A small well-formedness check for the server-drawn SVG (no XML parser is installed): tags balance, attribute values
// are quoted, and text holds no raw '<' or bare '&'.
export function assertWellFormedSvg(svg: string): void {
  const stack: string[] = [];
  const re = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(svg))) {
    const [, closing, name, , selfClosing, text, stray] = m;
    if (stray) throw new Error(`stray '<' at ${m.index}: ${svg.slice(m.index, m.index + 40)}`);
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|#39|#\d+);)/.test(text)) throw new Error(`bare '&' in text: ${text}`);
      continue;
    }
    if (selfClosing) continue;
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else stack.push(name);
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(', ')}`);
  if (!svg.startsWith('<svg')) throw new Error('not an <svg> element');
}
