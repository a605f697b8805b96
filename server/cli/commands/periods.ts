import { validatePeriodForm } from '../../domain/period-rules';
import { AppError, ValidationError } from '../../errors';
import { translator } from '../../i18n';
import { closePeriod, createPeriod, listPeriods, openPeriod, reopenPeriod, type PeriodSummary } from '../../services/org/periods';
import { CliError, flagString, type CliCommand } from '../command';
import { CLI_ACTOR } from '../../services/ops/audit';

// `cli period …` (DESIGN.md §8): the same lifecycle service as the admin pages, audited with the actor "cli".
const en = translator('en');

// Form field → the CLI flag a user typed.
const FLAG_OF: Record<string, string> = { key: 'key', name: 'name', starts_on: 'start', ends_on: 'end', reason: 'reason' };

function fieldErrors(fields: Record<string, string>): CliError {
  const details = Object.entries(fields).map(([field, key]) => `--${FLAG_OF[field] ?? field}: ${en(key)}`);
  return new CliError(details.join('; '), details);
}

/** Service refusals become one-line CLI errors in English; field errors name their flag. */
async function refusalsAsCliErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ValidationError) throw fieldErrors(err.fields);
    if (err instanceof AppError && err.status < 500) throw new CliError(en(err.messageKey, err.params));
    throw err;
  }
}

const asJson = (p: PeriodSummary) => ({ key: p.key, name: p.name, start: p.startsOn, end: p.endsOn, state: p.state });
const asLine = (p: PeriodSummary) => `${p.key}\t${p.state}\t${p.startsOn}..${p.endsOn}\t${p.name}`;

function periodKey(args: string[], usage: string): string {
  if (!args[0]) throw new CliError(`usage: ${usage}`);
  return args[0];
}

export const periodsCommands: CliCommand[] = [
  {
    name: 'period add',
    usage: 'period add --key K --name N --start YYYY-MM-DD --end YYYY-MM-DD',
    summary: 'Create an assessment period (as a draft).',
    async run({ deps, flags }) {
      const input = { key: flagString(flags, 'key'), name: flagString(flags, 'name'), starts_on: flagString(flags, 'start'), ends_on: flagString(flags, 'end') };
      const parsed = validatePeriodForm(input);
      if (!parsed.ok) throw fieldErrors(parsed.errors);
      const period = await refusalsAsCliErrors(() => createPeriod(deps.db, deps.clock.now(), CLI_ACTOR, parsed.value));
      return { json: { ok: true, period: asJson(period) }, text: `Created period ${period.key} (draft).` };
    },
  },
  {
    name: 'period open',
    usage: 'period open K',
    summary: 'Open a draft period (pins the questionnaire version).',
    async run({ deps, args }) {
      const key = periodKey(args, 'period open K');
      const period = await refusalsAsCliErrors(() => openPeriod(deps.db, deps.clock.now(), CLI_ACTOR, key));
      return { json: { ok: true, period: asJson(period) }, text: `Opened period ${period.key}.` };
    },
  },
  {
    name: 'period close',
    usage: 'period close K',
    summary: 'Close an open period: final release of at least k remaining responses, then the snapshot.',
    async run({ deps, args }) {
      const key = periodKey(args, 'period close K');
      const period = await refusalsAsCliErrors(() => closePeriod(deps.db, deps.clock.now(), CLI_ACTOR, key));
      return { json: { ok: true, period: asJson(period) }, text: `Closed period ${period.key}.` };
    },
  },
  {
    name: 'period reopen',
    usage: 'period reopen K --reason TEXT',
    summary: 'Re-open a closed period; the reason is audited.',
    async run({ deps, args, flags }) {
      const key = periodKey(args, 'period reopen K --reason TEXT');
      const reason = typeof flags.reason === 'string' ? flags.reason : '';
      const period = await refusalsAsCliErrors(() => reopenPeriod(deps.db, deps.clock.now(), CLI_ACTOR, key, reason));
      return { json: { ok: true, period: asJson(period) }, text: `Re-opened period ${period.key}.` };
    },
  },
  {
    name: 'period list',
    usage: 'period list',
    summary: 'List assessment periods with their state and dates.',
    async run({ deps }) {
      const periods = await listPeriods(deps.db);
      return { json: { periods: periods.map(asJson) }, text: periods.length ? periods.map(asLine).join('\n') : 'No periods.' };
    },
  },
];
