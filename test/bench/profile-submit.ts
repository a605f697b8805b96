// A CPU profile of the compiled server under the survey submission load, for finding where a submission's time goes.
// Not part of `npm run bench`. Usage: npm run -s build && PROF_DIR=/tmp/prof npx tsx test/bench/profile-submit.ts
// (MEASURED=N submissions, at most 1700; NOPROF=1 runs without the profiler, for a quick throughput figure)
// then open the .cpuprofile in Chrome DevTools (Performance panel) or any cpuprofile viewer.
import fs from 'node:fs';
import autocannon from 'autocannon';
import { SAMPLE_MS } from './load';
import { startServer } from '../e2e/helpers/server';
import { createPost, createUnit } from '../helpers/factories';
import { createPeriod, fullAnswers } from '../helpers/survey-factories';

const WARM_UP = 300;
const MEASURED = Number(process.env.MEASURED || 1500);

/** CPU time (user + system) the process has used so far, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

const amountDone = (r: autocannon.Result) => r.requests.total / r.duration;

async function main() {
  const dir = process.env.PROF_DIR || '/tmp/qingfeng-profile';
  const server = await startServer({ postgres: false, built: true, nodeArgs: process.env.NOPROF ? (process.env.NODE_FLAGS ?? '--max-semi-space-size=2 --optimize-for-size').split(' ').filter(Boolean) : ['--cpu-prof', `--cpu-prof-dir=${dir}`], env: { TRUST_PROXY: 'true', NODE_ENV: 'production' } });
  try {
    const db = server.db();
    const unit = await createUnit(db, { name: '剖析局' });
    for (const key of ['chief', 'deputy-a', 'deputy-b']) await createPost(db, unit.id, { key });
    const period = await createPeriod(db);
    const codes: string[] = JSON.parse(server.cli(['codes', 'generate', '--period', period.key, '--unit', unit.key, '--count', String(WARM_UP + MEASURED), '--json'])).codes;
    const body = new URLSearchParams(await fullAnswers(db, period.id, unit.id, () => '3')).toString();
    let next = 0;
    const run = (amount: number) =>
      autocannon({
        url: `${server.baseUrl}/survey/submit`,
        connections: 50,
        amount,
        sampleInt: SAMPLE_MS,
        requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: `code=${codes[next]}&${body}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `10.0.${(++next >> 8) & 255}.${next & 255}` } }) }],
      });
    await run(WARM_UP);
    const pid = server.process().pid as number;
    const cpuBefore = cpuMs(pid);
    const r = await run(MEASURED);
    const perRequest = (cpuMs(pid) - cpuBefore) / MEASURED;
    const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    console.log(`${Math.round(amountDone(r))} req/s, p50 ${r.latency.p50} ms, p90 ${r.latency.p90} p97.5 ${r.latency.p97_5} p99 ${r.latency.p99} max ${r.latency.max} ms, ${r['3xx']} redirected to thanks, server CPU ${perRequest.toFixed(2)} ms per submission, peak RSS ${Math.round(Number(hwm) / 1024)} MiB; profile in ${dir} when the server stops`);
  } finally {
    await server.stop();
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
