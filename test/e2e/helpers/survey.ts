import { createPost, createUnit } from '../../helpers/factories';
import { createPeriod } from '../../helpers/survey-factories';
import { launchBrowser, type BrowserHandle } from './browser';
import { startServer, type RunningServer } from './server';

/** A unit with a chief and a deputy, an open period, and `count` access codes made by the CLI as an operator would. */
export async function surveyOrg(server: RunningServer, unitName: string, count: number): Promise<{ unitKey: string; periodKey: string; codes: string[] }> {
  const unit = await createUnit(server.db(), { name: unitName });
  await createPost(server.db(), unit.id, { key: 'chief', title: '局长' });
  await createPost(server.db(), unit.id, { key: 'deputy', title: '副局长（分管财务装备）' });
  const period = await createPeriod(server.db(), { name: '2026年度' });
  const codes: string[] = JSON.parse(server.cli(['codes', 'generate', '--period', period.key, '--unit', unit.key, '--count', String(count), '--json'])).codes;
  return { unitKey: unit.key, periodKey: period.key, codes };
}

export interface PublicJourneys {
  server: RunningServer;
  browser: BrowserHandle;
  codes: string[];
}

/**
 * A server, a browser and a unit with `count` survey codes for the journeys of one test file (registers beforeAll
 * and afterAll); read the fields inside the tests.
 */
export function publicJourneys(unitName: string, count = 4): PublicJourneys {
  const setup = { codes: [] } as unknown as PublicJourneys;
  beforeAll(async () => {
    [setup.server, setup.browser] = await Promise.all([startServer(), launchBrowser()]);
    setup.codes = (await surveyOrg(setup.server, unitName, count)).codes;
  });
  afterAll(async () => {
    await setup.browser?.close();
    await setup.server?.stop();
  });
  return setup;
}
