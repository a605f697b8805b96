import { BOM, csvCell, neutraliseFormula, toCsv } from '../../server/domain/csv';

test('a CSV starts with a byte-order mark and ends rows with CRLF, so Excel reads Chinese text', () => {
  const csv = toCsv(['单位', 'count'], [['甲市局', 3]]);
  expect(csv.startsWith(BOM)).toBe(true);
  expect(csv).toBe('\uFEFF单位,count\r\n甲市局,3\r\n');
});

test('cells with commas, quotes or line breaks are quoted and quotes doubled', () => {
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('他说"好"')).toBe('"他说""好"""');
  expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
  expect(csvCell(' padded ')).toBe('" padded "');
  expect(csvCell(null)).toBe('');
  expect(csvCell(0.25)).toBe('0.25');
});

test('cells that a spreadsheet would run as a formula are neutralised with a leading apostrophe', () => {
  for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
    expect(neutraliseFormula(evil).startsWith("'")).toBe(true);
  }
  expect(csvCell('=1+1')).toBe("'=1+1");
  expect(csvCell('=A1,B1')).toBe('"\'=A1,B1"');
  expect(neutraliseFormula('正常文本')).toBe('正常文本');
  // numbers stay numbers, negative ones included
  expect(csvCell(-1.5)).toBe('-1.5');
});
