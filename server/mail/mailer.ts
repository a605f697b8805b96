import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Config } from '../config';

// The mail transport (DESIGN.md §8): SMTP_URL → SMTP; unset → RFC 822 .eml files under $DATA_DIR/mail/.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  readonly transport: 'smtp' | 'file';
  /** Resolves once the message is accepted (by the SMTP server, or written to disk); rejects otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export type MailerConfig = Pick<Config, 'smtpUrl' | 'dataDir' | 'baseUrl'>;

const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Sender address on the host of BASE_URL; bare IPs and localhost get a reserved domain, which servers accept. */
export function senderAddress(baseUrl: string): string {
  const host = new URL(baseUrl).hostname;
  const domain = host.includes('.') && !/^[\d.]+$/.test(host) && !host.startsWith('[') ? host : 'localhost.invalid';
  return `"清风 Qingfeng" <no-reply@${domain}>`;
}

export function mailDir(dataDir: string): string {
  return path.join(dataDir, 'mail');
}

/** nodemailer is required with the first message, not at start: most processes send none for hours. */
function lazyTransport(options: object): { get(): Transporter; close(): void } {
  let transport: Transporter | undefined;
  return {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    get: () => (transport ??= (require('nodemailer') as typeof import('nodemailer')).createTransport(options)),
    close: () => transport?.close(),
  };
}

function smtpMailer(url: string, from: string): Mailer {
  // Options in the URL's query (e.g. ?ignoreTLS=true) are understood by nodemailer and win over these defaults.
  const transport = lazyTransport({ url, ...SMTP_TIMEOUTS } as SMTPTransport.Options);
  return {
    transport: 'smtp',
    async send(message) {
      await transport.get().sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}

function fileMailer(dir: string, from: string): Mailer {
  const transport = lazyTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    transport: 'file',
    async send(message) {
      const info = await transport.get().sendMail({ from, to: message.to, subject: message.subject, text: message.text });
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `${Date.now()}-${crypto.randomBytes(6).toString('hex')}.eml`;
      const tmp = path.join(dir, `.${name}.tmp`);
      // Written under a temporary name and renamed, so a reader never sees half a message; 600: invitations carry codes.
      await fs.promises.writeFile(tmp, info.message as Buffer, { mode: 0o600 });
      await fs.promises.rename(tmp, path.join(dir, name));
    },
    close: () => transport.close(),
  };
}

export function createMailer(config: MailerConfig): Mailer {
  const from = senderAddress(config.baseUrl);
  return config.smtpUrl ? smtpMailer(config.smtpUrl, from) : fileMailer(mailDir(config.dataDir), from);
}
