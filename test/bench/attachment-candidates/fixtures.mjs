import sharp from 'sharp';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import fs from 'node:fs';
// A phone-like photo: 4032x3024 (12 MP), smooth gradients plus noise so JPEG has real work.
const w = 4032, h = 3024;
const raw = Buffer.alloc(w * h * 3);
let seed = 1; const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) { const i = (y * w + x) * 3; raw[i] = (x * 255 / w + rnd() * 40) | 0; raw[i + 1] = (y * 255 / h + rnd() * 40) | 0; raw[i + 2] = ((x + y) % 256 + rnd() * 30) | 0; }
const photo = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
fs.writeFileSync('photo.jpg', photo);
const shot = await sharp(raw, { raw: { width: w, height: h, channels: 3 } }).resize(1920, 1080).png().toBuffer();
fs.writeFileSync('shot.png', shot);
const doc = await PDFDocument.create();
const font = await doc.embedFont(StandardFonts.Helvetica);
const small = await doc.embedJpg(await sharp(photo).resize(1600).jpeg().toBuffer());
for (let p = 0; p < 10; p++) {
  const page = doc.addPage([595, 842]);
  for (let l = 0; l < 50; l++) page.drawText(`Page ${p + 1} line ${l + 1}: the quick brown fox jumps over the lazy dog 0123456789`, { x: 40, y: 800 - l * 15, size: 10, font });
  if (p % 3 === 0) page.drawImage(small, { x: 100, y: 100, width: 400, height: 300 });
}
fs.writeFileSync('doc.pdf', await doc.save());
console.log(photo.length, shot.length, fs.statSync('doc.pdf').size);
