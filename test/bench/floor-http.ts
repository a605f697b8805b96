import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The bare node:http side of a floor: reads the form body and runs `submit` on it, one submission at a time (one
 * connection, one writer: transactions in turn). Answers 303 to the thank-you page like the app, or 409 for a code
 * that cannot be used.
 */
export function serialFormHandler(submit: (form: URLSearchParams) => Promise<boolean>) {
  let queue: Promise<unknown> = Promise.resolve();
  return (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const job = queue.then(() => submit(new URLSearchParams(body)));
      queue = job.catch(() => undefined);
      job.then(
        (ok) => res.writeHead(ok ? 303 : 409, ok ? { location: '/survey/thanks' } : {}).end(),
        (err) => res.writeHead(500).end(String(err)),
      );
    });
  };
}
