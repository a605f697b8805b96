import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { demoTendency } from '../../domain/assess-demo-data';
import { addCalendarDays, deadlineFor, parseIsoDate } from '../../domain/deadlines';
import type { Secrets } from '../../secrets';
import { insertWithRandomId } from '../../db/random-id';
import { seal } from '../report/encryption';
import { recordStatusChange } from '../report/report-rows';

// Reports and findings of the demo data set (`cli demo`): sealed content, random receipts, several workflow states.
const rand = (n: number) => crypto.randomInt(n);
const pick = <T>(list: readonly T[]): T => list[rand(list.length)];
const MATTERS = ['personnel', 'approval', 'land', 'procurement', 'construction', 'funds', 'enforcement', 'other'] as const;
const BEHAVIOURS = ['greeting', 'favour', 'meddling', 'benefit', 'other'] as const;
const CHANNELS = ['phone', 'in_person', 'via_others', 'message'] as const;
const OPEN_STATES = ['new', 'acknowledged', 'under_review', 'substantiated', 'partly_substantiated', 'unfounded'] as const;
const OUTCOMES = ['substantiated', 'partly_substantiated', 'unfounded'] as const;

export interface ActivityInput {
  periodId: number;
  startsOn: string;
  /** Last day anything may be dated (the period end, or today while it runs). */
  lastDay: string;
  unit: { id: number; key: string };
  texts: readonly string[];
  findingTexts: Record<string, string>;
  now: number;
}

function dayBetween(from: string, to: string): string {
  const span = Math.max(0, Math.round((parseIsoDate(to) - parseIsoDate(from)) / 86_400_000));
  return addCalendarDays(from, rand(span + 1));
}

async function insertReport(db: Knex, secrets: Secrets, input: ActivityInput, postId: number | null, closedPeriod: boolean): Promise<void> {
  const receivedOn = dayBetween(input.startsOn, input.lastDay);
  const status = closedPeriod ? (rand(3) === 0 ? pick(OUTCOMES) : 'closed') : pick(OPEN_STATES);
  const closedWith = status === 'closed' ? pick(OUTCOMES) : null;
  const acknowledged = status !== 'new';
  const closedOn = status === 'closed' ? dayBetween(receivedOn, input.lastDay) : null;
  const reportId = await insertWithRandomId(db, 'reports', {
      receipt_hash: crypto.randomBytes(32).toString('hex'), unit_id: input.unit.id, post_id: postId, matter: pick(MATTERS), behaviour: pick(BEHAVIOURS),
      channel: pick(CHANNELS), occurred_on: receivedOn.slice(0, 7), description_enc: seal(secrets.encryption, pick(input.texts)), named: false,
      status, closed_with: closedWith, received_on: receivedOn, acknowledged_on: acknowledged ? receivedOn : null, closed_on: closedOn,
      acknowledge_due_on: deadlineFor('default', 'acknowledge', receivedOn), outcome_due_on: closedOn ? deadlineFor('default', 'outcome', closedOn) : null,
  });
  const changes: { from_status: string | null; to_status: string; changed_on: string }[] = [{ from_status: null, to_status: 'new', changed_on: receivedOn }];
  if (acknowledged) changes.push({ from_status: 'new', to_status: status === 'closed' ? closedWith! : status, changed_on: receivedOn });
  if (closedOn) changes.push({ from_status: closedWith, to_status: 'closed', changed_on: closedOn });
  for (const c of changes) await recordStatusChange(db, { ...c, report_id: reportId, actor_id: null, reason_enc: null });
}

/** Reports (more for riskier posts, one about no particular post) and findings of one unit in one period. */
export async function createDemoActivity(db: Knex, secrets: Secrets, input: ActivityInput): Promise<{ reports: number; findings: number }> {
  const posts = await db('posts').where({ unit_id: input.unit.id }).select('id', 'key');
  // A period that has ended has mostly settled reports; a running one has reports in every state.
  const closedPeriod = input.lastDay < new Date(input.now).toISOString().slice(0, 10);
  let reports = 0;
  let findings = 0;
  await db.transaction(async (trx) => {
    for (const post of posts) {
      const tendency = demoTendency(input.unit.key, post.key);
      const nReports = Math.floor(tendency * 4) + rand(2);
      for (let i = 0; i < nReports; i++) await insertReport(trx, secrets, input, post.id, closedPeriod);
      reports += nReports;
      const nFindings = tendency >= 0.5 ? 1 + rand(2) : rand(2);
      for (let i = 0; i < nFindings; i++) {
        const source = pick(Object.keys(input.findingTexts));
        await trx('findings').insert({
          post_id: post.id, source, severity: tendency >= 0.6 ? 2 + rand(2) : 1 + rand(2), found_on: dayBetween(input.startsOn, input.lastDay),
          summary: input.findingTexts[source], created_by: null, created_at: input.now,
        });
      }
      findings += nFindings;
    }
    await insertReport(trx, secrets, input, null, closedPeriod);
    reports += 1;
  });
  return { reports, findings };
}
