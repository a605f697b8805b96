import type { Page } from 'playwright-core';
import type { RunningServer } from './server';

// Shared steps of the committee journeys: accounts made through the CLI, sign-in through the real form, and a report
// filed through the public form (so the committee has something real to work on).

export interface Account {
  email: string;
  password: string;
}

/** `user add … --json` with the password piped on stdin, as an operator would do it. */
export function addAccountByCli(server: RunningServer, role: 'admin' | 'reviewer', email: string, name: string): Account {
  const password = 'Journey-passphrase-2026!';
  server.cli(['user', 'add', '--email', email, '--name', name, '--role', role, '--json'], password + '\n');
  return { email, password };
}

/** `demo --json`: the demonstration organisation and its administrator's one-time password. */
export function loadDemo(server: RunningServer): { admin: Account; periods: string[] } {
  const out = JSON.parse(server.cli(['demo', '--json']));
  return { admin: { email: out.admin.email, password: out.admin.password }, periods: out.periods };
}

/** Fills the password sign-in form at /login (the page must already be there or be sent there). */
export async function signInWithPassword(page: Page, server: RunningServer, account: Account): Promise<void> {
  if (new URL(page.url()).pathname !== '/login') await page.goto(server.baseUrl + '/login');
  await page.locator('#f-email').fill(account.email);
  await page.locator('#f-password').fill(account.password);
  await page.locator('form[action="/login"] button[type=submit]').click();
}

/** Files a report through the public form for a unit (by its visible name); returns the receipt number. */
export async function fileReport(page: Page, server: RunningServer, unitName: string, description: string): Promise<string> {
  await page.goto(server.baseUrl + '/report');
  await page.locator('#f-unit').selectOption({ label: unitName });
  await page.locator('#f-matter').selectOption({ index: 1 });
  await page.locator('#f-behaviour').selectOption({ index: 1 });
  await page.locator('#f-occurred_on').fill('2026-03');
  await page.locator('#f-description').fill(description);
  await page.locator('form.report-form button[type=submit]').click();
  return ((await page.locator('#receipt').textContent()) ?? '').trim();
}
