import fs from 'node:fs';
import { migrateLatest } from '../../db/knex';
import { parseOrgFile } from '../../domain/org-file';
import { CLI_ACTOR, recordAudit } from '../../services/ops/audit';
import { exportOrg, importOrg } from '../../services/org/org';
import { CliError, type CliCommand } from '../command';

export const orgCommands: CliCommand[] = [
  {
    name: 'migrate',
    usage: 'migrate',
    summary: 'Bring the database schema up to date (also done at every server start).',
    async run({ deps }) {
      const applied = await migrateLatest(deps.db);
      return { json: { ok: true, applied }, text: applied.length ? `Applied: ${applied.join(', ')}` : 'Schema is up to date.' };
    },
  },
  {
    name: 'org import',
    usage: 'org import FILE.json',
    summary: 'Import units and posts with power profiles; updates by key; all or nothing.',
    async run({ deps, args }) {
      const file = args[0];
      if (!file) throw new CliError('usage: org import FILE.json');
      let raw: unknown;
      try {
        raw = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        throw new CliError(`${file}: cannot read JSON (${(err as Error).message})`);
      }
      const parsed = parseOrgFile(raw);
      if (!parsed.ok) throw new CliError(`${file}: ${parsed.errors[0]}${parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : ''}; nothing imported`, parsed.errors);
      const now = deps.clock.now();
      const summary = await importOrg(deps.db, parsed.file, now);
      await recordAudit(deps.db, now, { ...CLI_ACTOR, action: 'org.import', details: { ...summary } });
      return {
        json: { ok: true, ...summary },
        text: `Units: ${summary.unitsCreated} created, ${summary.unitsUpdated} updated. Posts: ${summary.postsCreated} created, ${summary.postsUpdated} updated.`,
      };
    },
  },
  {
    name: 'org export',
    usage: 'org export',
    summary: 'Print units and posts in the import format.',
    async run({ deps }) {
      const org = await exportOrg(deps.db);
      return { json: org, text: JSON.stringify(org, null, 2) };
    },
  },
];
