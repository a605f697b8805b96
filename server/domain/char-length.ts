// How every text limit counts: characters as a reader counts them (Unicode code points), so one Chinese character or
// one emoji is one, whatever its UTF-16 length. Every "at most N characters" rule of the domain measures with this.

/** Length in characters as a reader counts them (code points). */
export function charLength(text: string): number {
  return [...text].length;
}
