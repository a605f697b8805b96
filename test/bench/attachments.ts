import fs from 'node:fs';
import { RenderPool } from '../../server/render/pool';
import type { AttachmentKind } from '../../server/domain/attachment-rules';

// Re-rendering figures of the pipeline in use (one render worker, as on a 2-core machine): the median of a few runs
// per file after a warm-up (the first run starts the worker and loads the libraries).
// Usage: npx tsx test/bench/attachments.ts FILE...  (.jpg, .png or .pdf files; see README for the ones used)

const KIND: Record<string, AttachmentKind> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', pdf: 'pdf' };

async function main(files: string[]): Promise<void> {
  const pool = new RenderPool({ size: 1 });
  for (const file of files) {
    const kind = KIND[file.split('.').pop()?.toLowerCase() ?? ''];
    const bytes = fs.readFileSync(file);
    await pool.render(kind, bytes); // warm-up: worker start, libraries loaded
    const times: number[] = [];
    let outcome = '';
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const result = await pool.render(kind, bytes);
      times.push(performance.now() - t);
      outcome = result.ok ? `${result.bytes.length} bytes` : JSON.stringify(result.refusal);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`${file}: ${(bytes.length / 1024).toFixed(0)} KB in, median ${times[1].toFixed(0)} ms, ${outcome}\n`);
  }
  await pool.close();
}

void main(process.argv.slice(2));
