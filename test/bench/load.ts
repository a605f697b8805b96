import type { EventEmitter } from 'node:events';
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

// autocannon notices the end of a run at its next sample tick and takes the run's duration from there: at its default
// of one tick a second a round of 1.1 s counts as 2 s, and req/s moves in steps of whole seconds. A tick every 10 ms
// keeps the duration within 10 ms of the last response.
export const SAMPLE_MS = 10;

/**
 * What a load run measured. Latencies are kept per response, without each connection's first: a run opens all its
 * connections at once, and node:http (the floors' bare servers as much as the app) accepts one connection per
 * event-loop turn (libuv accepts once and waits for the next poll: libuv/libuv#3696), serving the connections it has
 * in between, so the last first requests wait up to a second for the accept, not for the submission (seen with strace:
 * one accept4 every ~25 ms, none failing; the same with a bare server whose handler spins 2 ms). Kept apart as
 * `firstMax`.
 */
export interface LoadResult {
  result: autocannon.Result;
  latencies: number[];
  firstMax: number;
}

/** The q-quantile (0..1) of the values, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** `amount` form POSTs, each from its own forwarded address so the rate limits stay out of the way. */
export async function load(url: string, amount: number, body: () => string, connections = CONNECTIONS): Promise<LoadResult> {
  const latencies: number[] = [];
  const seen = new Set<unknown>();
  let firstMax = 0;
  // Without a callback autocannon answers an instance that is both an EventEmitter and a promise of the result.
  const run = autocannon({
    url,
    connections,
    amount,
    sampleInt: SAMPLE_MS,
    timeout: 60,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: body(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address() } }) }],
  }) as unknown as Promise<autocannon.Result> & EventEmitter;
  run.on('response', (client: unknown, _status: number, _bytes: number, ms: number) => {
    if (seen.has(client)) latencies.push(ms);
    else {
      seen.add(client);
      firstMax = Math.max(firstMax, ms);
    }
  });
  return { result: await run, latencies, firstMax };
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
