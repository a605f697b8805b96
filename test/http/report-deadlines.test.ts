import { addCalendarDays, addMonths, addWorkingDays, dayOf } from '../../server/domain/deadlines';
import { remindOverdueReports } from '../../server/services/report/report-deadlines';
import { createTestContext, type TestContext } from '../helpers/context';
import { createUser, signIn } from '../helpers/factories';
import { fileAndGetReceipt, reportIdOf, reportOrg } from '../helpers/report-factories';

async function fileAndMoveToOutcome(ctx: TestContext) {
  const org = await reportOrg(ctx.deps.db);
  const id = await reportIdOf(ctx.deps, await fileAndGetReceipt(ctx.app, { unit: org.unit.key }));
  const filed = await ctx.deps.db('reports').where({ id }).first();
  const s = await signIn(ctx.app, ctx.deps.db, await createUser(ctx.deps.db, { role: 'admin' }));
  for (const status of ['acknowledged', 'under_review', 'substantiated']) await s.post(`/committee/reports/${id}/status`, { status, reason: 'ok' });
  return { filed, outcome: await ctx.deps.db('reports').where({ id }).first() };
}

test('default profile: acknowledge within 15 working days of receipt, tell the outcome within 15 working days', async () => {
  const ctx = await createTestContext();
  try {
    const { filed, outcome } = await fileAndMoveToOutcome(ctx);
    const today = dayOf(ctx.clock.now());
    expect(filed.acknowledge_due_on).toBe(addWorkingDays(filed.received_on, 15));
    expect(filed.outcome_due_on).toBeNull();
    expect(outcome.outcome_due_on).toBe(addWorkingDays(today, 15));
  } finally {
    await ctx.close();
  }
});

test('EU profile: acknowledge within 7 days, outcome within 3 months', async () => {
  const ctx = await createTestContext({ DEADLINE_PROFILE: 'eu' });
  try {
    const { filed, outcome } = await fileAndMoveToOutcome(ctx);
    expect(filed.acknowledge_due_on).toBe(addCalendarDays(filed.received_on, 7));
    expect(outcome.outcome_due_on).toBe(addMonths(dayOf(ctx.clock.now()), 3));
  } finally {
    await ctx.close();
  }
});

test('an overdue report reminds the committee users who may see it, never the post holder, without content', async () => {
  const ctx = await createTestContext({ NOTIFY: 'immediate' });
  try {
    const org = await reportOrg(ctx.deps.db);
    const reviewer = await createUser(ctx.deps.db, { unitIds: [org.unit.id] });
    const holder = await createUser(ctx.deps.db, { unitIds: [org.unit.id], heldPostIds: [org.chief.id] });
    const outsider = await createUser(ctx.deps.db, { unitIds: [org.otherUnit.id] });
    const receipt = await fileAndGetReceipt(ctx.app, { unit: org.unit.key, post: org.chief.key });
    // Sending the filing notices empties the outbox of pending notices, so what follows is the reminder alone.
    await ctx.deps.db('mail_outbox').update({ status: 'sent' });
    const id = await reportIdOf(ctx.deps, receipt);
    const filed = await ctx.deps.db('reports').where({ id }).first();
    expect(await remindOverdueReports(ctx.deps.db, ctx.deps.config, filed.acknowledge_due_on, Date.now())).toBe(0);
    const later = addCalendarDays(filed.acknowledge_due_on, 1);
    expect(await remindOverdueReports(ctx.deps.db, ctx.deps.config, later, Date.now())).toBe(1);
    const pending = await ctx.deps.db('mail_outbox').where({ status: 'pending' }).select('recipient', 'body');
    const recipients = pending.map((m) => m.recipient);
    expect(recipients).toContain(reviewer.email);
    expect(recipients).not.toContain(holder.email);
    expect(recipients).not.toContain(outsider.email);
    for (const m of pending) expect(String(m.body)).not.toContain('审批科');
  } finally {
    await ctx.close();
  }
});
