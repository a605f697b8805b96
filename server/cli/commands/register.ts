import fs from 'node:fs';
import path from 'node:path';
import { isLang, translator } from '../../i18n';
import { periodByKey } from '../../services/risk/risk-inputs';
import { procedureStatus } from '../../services/register/procedure';
import { registerUnits } from '../../services/register/register-data';
import { importJson, importXlsx, RegisterImportError, registerFile, type RegisterFormat } from '../../services/register/register-files';
import { CliError, flagString, type CliCommand, type Flags } from '../command';
import { CLI_ACTOR } from '../../services/ops/audit';

// CLI commands of the register area (DESIGN.md §8): `register export`, `register import`, `assess status`.
const FORMATS = ['json', 'csv', 'xlsx'] as const;

async function period(deps: Parameters<CliCommand['run']>[0]['deps'], flags: Flags, fallbackOpen: boolean) {
  const key = flagString(flags, 'period', !fallbackOpen);
  if (key) {
    const found = await periodByKey(deps.db, key);
    if (!found) throw new CliError(`period ${key} does not exist`);
    return found;
  }
  const open = await deps.db('periods').where({ state: 'open' }).orderBy('starts_on', 'desc').first('key');
  if (!open) throw new CliError('no open period: name one with --period K');
  return (await periodByKey(deps.db, open.key))!;
}

/** The unit --unit names, or every current unit when it is optional and absent; a CliError for an unknown key. */
async function units(deps: Parameters<CliCommand['run']>[0]['deps'], flags: Flags, required: boolean) {
  const key = flagString(flags, 'unit', required);
  const found = await registerUnits(deps.db, key);
  if (!found) throw new CliError(`unit ${key} does not exist`);
  return found;
}

export const registerCommands: CliCommand[] = [
  {
    name: 'register export',
    usage: 'register export --period K [--unit U] --format json|csv|xlsx [--out FILE] [--lang zh-CN|en]',
    summary: 'The risk-point register of a period (a closed one as filed at close); xlsx needs --out.',
    async run({ deps, flags }) {
      const p = await period(deps, flags, false);
      const format = flagString(flags, 'format') as RegisterFormat;
      if (!(FORMATS as readonly string[]).includes(format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}`);
      const chosen = await units(deps, flags, false);
      const lang = flagString(flags, 'lang', false) ?? 'zh-CN';
      if (!isLang(lang)) throw new CliError('--lang must be zh-CN or en');
      const out = flagString(flags, 'out', false);
      if (format === 'xlsx' && !out) throw new CliError('--out FILE is required for xlsx');
      const file = await registerFile(deps.db, p, chosen, format, lang);
      if (out) {
        fs.writeFileSync(out, file.body);
        return { json: { ok: true, out: path.resolve(out), format, period: p.key, units: chosen.map((u) => u.key) }, text: `Written ${out}` };
      }
      const body = String(file.body);
      return { json: format === 'json' ? JSON.parse(body) : { ok: true, csv: body }, text: body.replace(/\n$/, '') };
    },
  },
  {
    name: 'register import',
    usage: 'register import FILE.json|FILE.xlsx [--period K]',
    summary: 'Bring a register in (default: the open period); all or nothing, a fault names the sheet, row and column.',
    async run({ deps, args, flags }) {
      const file = args[0];
      if (!file || !/\.(json|xlsx)$/i.test(file)) throw new CliError('usage: register import FILE.json|FILE.xlsx [--period K]');
      const p = await period(deps, flags, true);
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (err) {
        throw new CliError(`${file}: cannot read (${(err as Error).message})`);
      }
      try {
        let summary;
        if (/\.json$/i.test(file)) {
          let raw: unknown;
          try {
            raw = JSON.parse(bytes.toString('utf8'));
          } catch (err) {
            throw new CliError(`${file}: not JSON (${(err as Error).message}); nothing imported`);
          }
          summary = await importJson(deps.db, CLI_ACTOR, deps.clock.now(), p, raw);
        } else summary = await importXlsx(deps.db, CLI_ACTOR, deps.clock.now(), p, bytes);
        return {
          json: { ok: true, period: p.key, ...summary },
          text: `Imported into ${p.key}: ${summary.posts} posts, ${summary.decisions} decisions, risk points ${summary.riskPointsCreated} created / ${summary.riskPointsUpdated} updated, ${summary.levels} levels, measures ${summary.measuresCreated} created / ${summary.measuresUpdated} updated.`,
        };
      } catch (err) {
        if (err instanceof RegisterImportError) throw new CliError(`${file}: ${err.message}`, err.faults);
        throw err;
      }
    },
  },
  {
    name: 'assess status',
    usage: 'assess status --period K --unit U [--json]',
    summary: 'The five steps of the assessment procedure of a unit: state, who, which day, what is missing.',
    async run({ deps, flags }) {
      const p = await period(deps, flags, false);
      const [unit] = await units(deps, flags, true);
      const { steps } = await procedureStatus(deps.db, p, { id: unit.id, key: unit.key });
      const t = translator('en');
      const json = {
        period: p.key, unit: unit.key,
        steps: steps.map((s) => ({
          step: s.step, state: s.state, actor: s.record?.doneBy ?? null, day: s.record?.doneOn ?? null, note: s.record?.note ?? null,
          missing: s.missing.map((m) => ({ what: m.key.replace(/^register\.missing\./, ''), text: t(m.key, m.params), blocking: m.blocking })),
        })),
      };
      const text = json.steps.map((s) => [s.step.padEnd(18), s.state.padEnd(8), s.day ?? '', s.actor ?? '', ...s.missing.map((m) => `\n    missing: ${m.text}`)].join(' ')).join('\n');
      return { json, text };
    },
  },
];
