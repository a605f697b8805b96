import net from 'node:net';
import { SMTPServer } from 'smtp-server';

// A real SMTP server on a random loopback port that captures what it receives; for everyone's mail tests.
// Point the app at it with SMTP_URL=<server.url>, or build a mailer with createMailer({ ...config, smtpUrl: server.url }).

export interface CapturedMail {
  from: string;
  to: string[];
  /** The whole RFC 822 message as received. */
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  messages: CapturedMail[];
  /** While set, every message is refused with this SMTP reply (e.g. 451 for a temporary failure). */
  refuseWith: { code: number; message: string } | null;
  /** Messages to these addresses are refused for good (550) after their data was received; they land in `refused`. */
  refuseRecipients: Set<string>;
  refused: CapturedMail[];
  /** Messages whose recipients include this address. */
  to(address: string): CapturedMail[];
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: CapturedMail[] = [];
  const state: Pick<TestSmtpServer, 'refuseWith' | 'refuseRecipients' | 'refused'> = { refuseWith: null, refuseRecipients: new Set(), refused: [] };
  const server = new SMTPServer({
    secure: false,
    hideSTARTTLS: true,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.refuseWith) {
          const err = Object.assign(new Error(state.refuseWith.message), { responseCode: state.refuseWith.code });
          return callback(err);
        }
        const mail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        };
        if (mail.to.some((a) => state.refuseRecipients.has(a))) {
          state.refused.push(mail);
          return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        }
        messages.push(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as net.AddressInfo).port;
  return Object.assign(state, {
    port,
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    messages,
    to: (address: string) => messages.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** An SMTP URL where nothing listens: a port just taken and released. */
export async function closedSmtpUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `smtp://127.0.0.1:${port}?ignoreTLS=true`;
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

/** Headers, decoded subject and decoded text of a simple single-part message (what our mailer sends). */
export function decodeMail(raw: string): { headers: Record<string, string>; subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, ' ');
  const body = raw.slice(split).replace(/^\s+/, '');
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let text = body;
  if (encoding === 'base64') text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    text = Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return { headers, subject: decodeWords(headers.subject ?? ''), text: text.replace(/\r\n/g, '\n') };
}
