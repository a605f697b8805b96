import { createPost, createUnit } from '../../helpers/factories';
import { createPeriod } from '../../helpers/survey-factories';
import type { RunningServer } from './server';

/** A unit with a chief and a deputy, an open period, and `count` access codes made by the CLI as an operator would. */
export async function surveyOrg(server: RunningServer, unitName: string, count: number): Promise<{ unitKey: string; periodKey: string; codes: string[] }> {
  const unit = await createUnit(server.db(), { name: unitName });
  await createPost(server.db(), unit.id, { key: 'chief', title: '局长' });
  await createPost(server.db(), unit.id, { key: 'deputy', title: '副局长（分管财务装备）' });
  const period = await createPeriod(server.db(), { name: '2026年度' });
  const codes: string[] = JSON.parse(server.cli(['codes', 'generate', '--period', period.key, '--unit', unit.key, '--count', String(count), '--json'])).codes;
  return { unitKey: unit.key, periodKey: period.key, codes };
}
