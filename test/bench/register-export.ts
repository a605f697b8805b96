import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { periodByKey } from '../../server/services/risk/risk-inputs';
import { createDemoRiskPoints } from '../../server/services/register/demo-register';
import { registerUnits } from '../../server/services/register/register-data';
import { registerFile } from '../../server/services/register/register-files';
import { ROOT, type RunningServer } from '../e2e/helpers/server';
import { createPost, createUnit } from '../helpers/factories';
import { createPeriod } from '../helpers/survey-factories';

// `register export` of a register of `posts` posts (10 units), each post with the demonstration risk points and
// measures: in process (registerFile, median of 3 per format) and once through the compiled CLI as an operator runs it.

const UNITS = 10;

export async function registerExport(server: RunningServer, posts: number): Promise<{ what: string; note: string }[]> {
  const db = server.db();
  const units: { id: number }[] = [];
  for (let u = 0; u < UNITS; u++) {
    const unit = await createUnit(db, { name: `登记局 ${u + 1}` });
    for (let p = 0; p < posts / UNITS; p++) await createPost(db, unit.id, { key: `post-${p + 1}`, title: `岗位 ${p + 1}` });
    units.push(unit);
  }
  const points = await createDemoRiskPoints(db, units, Date.now());
  const { key } = await createPeriod(db);
  const period = (await periodByKey(db, key))!;
  const all = (await registerUnits(db))!.filter((u) => units.some((x) => x.id === u.id));
  const out = [];
  for (const format of ['json', 'csv', 'xlsx'] as const) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const file = await registerFile(db, period, all, format, 'zh-CN');
      times.push(performance.now() - t0);
      bytes = Buffer.byteLength(file.body as string | Buffer);
    }
    times.sort((a, b) => a - b);
    out.push({ what: `register export of ${posts} posts (${points} risk points), ${format}, in process`, note: `median ${times[1].toFixed(0)} ms over 3 (${Math.round(bytes / 1024)} KiB)` });
  }
  const t0 = performance.now();
  const cli = spawnSync(process.execPath, [path.join(ROOT, 'dist/server/cli/index.js'), 'register', 'export', '--period', key, '--format', 'xlsx', '--out', path.join(server.dataDir, 'register.xlsx')], { cwd: ROOT, env: server.env, encoding: 'utf8' });
  if (cli.status !== 0) throw new Error(`register export failed: ${cli.stderr}`);
  out.push({ what: `\`register export --format xlsx\` of ${posts} posts, compiled CLI`, note: `${(performance.now() - t0).toFixed(0)} ms wall clock, process start included` });
  return out;
}
