import type { RenderReply, RenderRequest } from './protocol';
import { RenderRefused } from './protocol';

// A render worker: a child process of the render pool that re-renders one file at a time. It is the only place where
// a reporter's original bytes are parsed, so a decoder fault, a runaway loop or a memory blow-up ends here: the pool
// kills this process at its time or memory limit and starts another. Exits when the pool goes away.

async function render(request: RenderRequest): Promise<Buffer> {
  if (request.kind === 'pdf') return (await import('./render-pdf')).renderPdf(request.bytes, request.limits);
  return (await import('./render-image')).renderImage(request.bytes, request.kind, request.limits);
}

async function handle(request: RenderRequest): Promise<void> {
  let reply: RenderReply;
  try {
    reply = { id: request.id, ok: true, bytes: await render(request) };
  } catch (err) {
    reply = { id: request.id, ok: false, refusal: err instanceof RenderRefused ? err.refusal : { problem: 'unreadable' } };
  }
  process.send?.(reply);
}

process.on('message', (request: RenderRequest) => void handle(request));
process.on('disconnect', () => process.exit(0));
