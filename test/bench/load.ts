import fs from 'node:fs';
import autocannon from 'autocannon';
import type { RunningServer } from '../e2e/helpers/server';
import { createPost, createUnit } from '../helpers/factories';
import { createPeriod, fullAnswers } from '../helpers/survey-factories';

// The bench's load generator and survey fixture.

export const CONNECTIONS = 50;

export interface Row { what: string; requests: number; rps: number; p50: number; p99: number; errors: number; note: string }

let seq = 0;
const address = () => {
  const n = ++seq;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

/** `amount` form POSTs, each from its own forwarded address so the rate limits stay out of the way. */
export function load(url: string, amount: number, body: () => string, connections = CONNECTIONS): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    amount,
    timeout: 60,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: body(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address() } }) }],
  });
}

/** Peak resident set size of a process (Linux). */
export function rssPeakMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** A unit of three posts, an open period, `count` codes (through the CLI, as an admin makes them) and a full form. */
export async function surveyFixture(server: RunningServer, count: number) {
  const db = server.db();
  const unit = await createUnit(db, { name: '压测局' });
  for (const key of ['chief', 'deputy-a', 'deputy-b']) await createPost(db, unit.id, { key });
  const period = await createPeriod(db);
  const codes: string[] = [];
  while (codes.length < count) codes.push(...JSON.parse(server.cli(['codes', 'generate', '--period', period.key, '--unit', unit.key, '--count', String(Math.min(2000, count - codes.length)), '--json'])).codes);
  const answers = await fullAnswers(db, period.id, unit.id, (p, i) => String(((p * 7 + i) % 5) + 1));
  return { unit, period, codes, answerBody: new URLSearchParams(answers).toString(), perResponse: Object.keys(answers).length };
}
