import zlib from 'node:zlib';

// The decompressed-size guard for PDFs: before any parser sees the file, every Flate-compressed stream (object
// streams, content streams, images, fonts) is inflated here with output counted and thrown away, so a 300 KB file
// that inflates to gigabytes is refused after reading at most the limit, in little memory. Streams are found by their
// keywords, not by a parser; what this scan misses is still caught by the worker's time and memory limits.

const STREAM = Buffer.from('stream', 'latin1');
const ENDSTREAM = Buffer.from('endstream', 'latin1');
const HEAD_WINDOW = 4096;

/** How many filters at the start of a stream dictionary's /Filter are Flate (each one multiplies the size). */
export function leadingFlateFilters(dictionary: string): number {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9#]+)/.exec(dictionary);
  if (!m) return 0;
  const names = m[1].match(/\/[A-Za-z0-9#]+/g) ?? [];
  let n = 0;
  while (n < names.length && (names[n] === '/FlateDecode' || names[n] === '/Fl')) n++;
  return n;
}

/** Every stream of the file with at least one leading Flate filter: its raw data and the number of Flate layers. */
function* flateStreams(bytes: Buffer): Generator<{ data: Buffer; layers: number }> {
  let from = 0;
  for (;;) {
    const at = bytes.indexOf(STREAM, from);
    if (at < 0) return;
    from = at + STREAM.length;
    if (at >= 3 && bytes.toString('latin1', at - 3, at) === 'end') continue;
    let start = at + STREAM.length;
    if (bytes[start] === 0x0d) start++;
    if (bytes[start] === 0x0a) start++;
    if (start === at + STREAM.length) continue; // "stream" inside other text, not the keyword
    const head = bytes.toString('latin1', Math.max(0, at - HEAD_WINDOW), at);
    const dictionary = head.slice(Math.max(0, head.lastIndexOf('obj')));
    const end = bytes.indexOf(ENDSTREAM, start);
    const stop = end < 0 ? bytes.length : end;
    from = stop;
    const layers = leadingFlateFilters(dictionary);
    if (layers > 0) yield { data: bytes.subarray(start, stop), layers };
  }
}

/**
 * Bytes that one stream's Flate layers produce (every layer counts), stopping as soon as `budget` is passed.
 * Damaged data ends the count quietly: refusing damaged files is the renderer's job, not this guard's.
 */
function inflatedBytes(data: Buffer, layers: number, budget: number): Promise<number> {
  return new Promise((resolve) => {
    const stages = Array.from({ length: layers }, () => zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH }));
    let total = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      for (const stage of stages) stage.destroy();
      resolve(total);
    };
    stages.forEach((stage, i) => {
      stage.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > budget) finish();
      });
      stage.on('error', finish);
      if (i + 1 < stages.length) stage.pipe(stages[i + 1]);
      else stage.on('end', finish);
    });
    if (stages.length === 0) return finish();
    stages[0].end(data);
  });
}

/** True when the PDF's Flate streams together inflate to more than `limitBytes`. */
export async function inflatesBeyond(bytes: Buffer, limitBytes: number): Promise<boolean> {
  let total = 0;
  for (const { data, layers } of flateStreams(bytes)) {
    total += await inflatedBytes(data, layers, limitBytes - total);
    if (total > limitBytes) return true;
  }
  return false;
}
