import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

// A small flowing layout on pdf-lib for reports: headings, wrapped paragraphs (CJK breaks between any two characters,
// Latin between words), tables with wrapped cells and repeated headers, coloured boxes, page numbers. A4 portrait.

export const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const LINE = 1.45;

export function hex(colour: string): RGB {
  const n = parseInt(colour.replace('#', ''), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

/** Greedy line breaking by measured width; a word wider than the line is cut between characters. */
export function wrapText(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    const tokens = paragraph.match(/[A-Za-z0-9_.,;:!?'"()[\]{}<>+\-=@#%&*/\\|~^$]+|\s+|./gsu) ?? [''];
    let line = '';
    for (const token of tokens) {
      const candidate = line + token;
      if (font.widthOfTextAtSize(candidate, size) <= width || line === '') {
        if (font.widthOfTextAtSize(candidate, size) > width && line === '') {
          for (const ch of [...token]) {
            if (line && font.widthOfTextAtSize(line + ch, size) > width) { lines.push(line); line = ''; }
            line += ch;
          }
        } else line = candidate;
      } else {
        lines.push(line.trimEnd());
        line = token.trimStart();
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

export interface Column { title: string; width: number; align?: 'left' | 'right' }

export class PdfFlow {
  page!: PDFPage;
  y = 0;
  readonly width = A4.width - 2 * MARGIN;
  private pages: PDFPage[] = [];

  constructor(readonly doc: PDFDocument, readonly font: PDFFont) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages.push(this.page);
    this.y = A4.height - MARGIN;
  }

  /** Makes room for `height` points, starting a new page when the current one is full. */
  ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  text(text: string, x: number, size: number, colour = '#1b1f24'): void {
    this.page.drawText(text, { x, y: this.y - size, size, font: this.font, color: hex(colour) });
  }

  paragraph(text: string, size = 10, colour = '#1b1f24', indent = 0): void {
    for (const line of wrapText(this.font, text, size, this.width - indent)) {
      this.ensure(size * LINE);
      this.text(line, MARGIN + indent, size, colour);
      this.y -= size * LINE;
    }
    this.y -= size * 0.4;
  }

  heading(text: string, size = 13): void {
    this.ensure(size * 4);
    this.y -= size * 0.6;
    this.paragraph(text, size, '#0b3d5c');
  }

  /** A table: header row repeated on each page, cells wrapped; `fill` colours a cell's background. */
  table(columns: Column[], rows: string[][], size = 8.5, fill?: (row: number, col: number) => string | null): void {
    const total = columns.reduce((a, c) => a + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const pad = 3;
    const rowLines = (cells: string[]) => cells.map((cell, i) => wrapText(this.font, cell, size, widths[i] - 2 * pad));
    const draw = (cells: string[][], header: boolean, index: number) => {
      const height = Math.max(...cells.map((l) => l.length)) * size * LINE + 2 * pad;
      let x = MARGIN;
      cells.forEach((lines, i) => {
        const bg = header ? '#e8e8e8' : fill?.(index, i) ?? null;
        this.page.drawRectangle({ x, y: this.y - height, width: widths[i], height, borderColor: hex('#4a5360'), borderWidth: 0.5, color: bg ? hex(bg) : undefined });
        lines.forEach((line, j) => {
          const w = this.font.widthOfTextAtSize(line, size);
          const tx = columns[i].align === 'right' ? x + widths[i] - pad - w : x + pad;
          this.page.drawText(line, { x: tx, y: this.y - pad - size * LINE * (j + 1) + size * 0.35, size, font: this.font, color: hex('#1b1f24') });
        });
        x += widths[i];
      });
      this.y -= height;
    };
    const header = rowLines(columns.map((c) => c.title));
    const headerHeight = Math.max(...header.map((l) => l.length)) * size * LINE + 2 * pad;
    this.ensure(headerHeight * 2);
    draw(header, true, -1);
    rows.forEach((row, index) => {
      const cells = rowLines(row);
      const height = Math.max(...cells.map((l) => l.length)) * size * LINE + 2 * pad;
      if (this.y - height < MARGIN) {
        this.newPage();
        draw(header, true, -1);
      }
      draw(cells, false, index);
    });
    this.y -= 8;
  }

  /** Horizontal bars with their value written beside them. */
  bars(items: Array<{ label: string; value: number; colour: string }>, size = 9): void {
    const max = Math.max(1, ...items.map((b) => b.value));
    const labelW = 110;
    const barMax = this.width - labelW - 40;
    for (const b of items) {
      this.ensure(size * 2.2);
      this.text(b.label, MARGIN, size);
      const w = (barMax * b.value) / max;
      this.page.drawRectangle({ x: MARGIN + labelW, y: this.y - size * 1.3, width: Math.max(w, 0.5), height: size * 1.4, color: hex(b.colour) });
      this.text(String(b.value), MARGIN + labelW + w + 4, size);
      this.y -= size * 2.1;
    }
    this.y -= 6;
  }

  /** Page numbers at the foot of every page. */
  numberPages(label: (n: number, total: number) => string): void {
    this.pages.forEach((page, i) => {
      const text = label(i + 1, this.pages.length);
      const w = this.font.widthOfTextAtSize(text, 8);
      page.drawText(text, { x: (A4.width - w) / 2, y: MARGIN / 2, size: 8, font: this.font, color: hex('#4a5360') });
    });
  }
}
