import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { ROOT } from './server';

// Debian's Chromium driven by playwright-core (no browser is ever downloaded). The flags keep it off the network:
// without the background-networking ones it keeps trying to reach Google's hosts on this closed machine.
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A user agent no real browser sends, so the anonymity audit can look for it in everything the server keeps. */
export const PROOF_USER_AGENT = 'QingfengProofBrowser/7.7 (anonymity-audit-marker)';

export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'e2e');

export interface BrowserHandle {
  browser: Browser;
  /** A fresh context; JavaScript is off unless asked for (public pages must work without it). */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** playwright-core refuses a --user-data-dir argument: launch() gives every browser a fresh, empty temp profile itself. */
export async function launchBrowser(): Promise<BrowserHandle> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    browser,
    context: (options = {}) => browser.newContext({ javaScriptEnabled: false, userAgent: PROOF_USER_AGENT, locale: 'zh-CN', ...options }),
    close: () => browser.close(),
  };
}

/**
 * The text of the page's <main> once the current document has loaded. A click that submits a form or follows a link
 * returns when the navigation has committed, while the new page may still be arriving: reading <main> then can catch
 * a half-parsed document.
 */
export async function mainText(page: Page): Promise<string> {
  await page.waitForLoadState('load');
  return (await page.locator('main').textContent()) ?? '';
}

/** Saves a screenshot and the page's HTML under test-artifacts/e2e/<name>/ (git-ignored) for a failed journey. */
export async function saveArtifacts(page: Page, name: string): Promise<string> {
  const dir = path.join(ARTIFACTS, name.replace(/[^\w.-]+/g, '-').slice(0, 120));
  fs.mkdirSync(dir, { recursive: true });
  try {
    await page.screenshot({ path: path.join(dir, 'screenshot.png'), fullPage: true });
  } catch {
    // the page may be gone; the HTML may still be there
  }
  try {
    fs.writeFileSync(path.join(dir, 'page.html'), `<!-- ${page.url()} -->\n${await page.content()}`);
  } catch {
    // nothing more to keep
  }
  return dir;
}

/**
 * Runs a journey on a fresh page; on failure keeps a screenshot and the HTML of where it stopped, then fails.
 * Usage: test('…', journey(browser, 'name', async (page) => { … }, { javaScriptEnabled: false }))
 */
export function journey(handle: () => BrowserHandle, name: string, body: (page: Page, context: BrowserContext) => Promise<void>, options: BrowserContextOptions = {}) {
  return async () => {
    const context = await handle().context(options);
    const page = await context.newPage();
    try {
      await body(page, context);
    } catch (err) {
      const dir = await saveArtifacts(page, name);
      if (err instanceof Error) err.message += `\n(screenshot and HTML kept in ${path.relative(ROOT, dir)})`;
      throw err;
    } finally {
      await context.close();
    }
  };
}

export interface AxeViolationSummary {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: string[];
}

/** axe-core against WCAG 2.1 A/AA; returns the violations in a readable form (an empty list is a pass). */
export async function wcagViolations(page: Page): Promise<AxeViolationSummary[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/**
 * What makes the reader scroll sideways: elements sticking out past the window's right edge, and boxes whose content
 * is wider than the box (a table in a scrolling wrapper). With `tableRegions`, a table in its own scrolling region
 * (class table-scroll) is allowed: the page stays put and the table scrolls on its own. Empty when everything fits.
 */
export async function sideways(page: Page, options: { tableRegions?: boolean } = {}): Promise<string[]> {
  await page.waitForLoadState('load');
  return page.evaluate((tableRegions) => {
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : ''}`;
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    const allowed = (e: Element) => tableRegions && e.closest('.table-scroll') !== null;
    if (document.documentElement.scrollWidth > width) {
      for (const e of Array.from(document.querySelectorAll('body *'))) {
        if (!allowed(e) && e.getBoundingClientRect().right > width + 0.5) out.push(`${name(e)} ends at ${Math.round(e.getBoundingClientRect().right)} px of ${width}`);
      }
      if (!out.length) out.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
    }
    for (const e of Array.from(document.querySelectorAll('main *'))) {
      const style = getComputedStyle(e);
      if (!(tableRegions && e.classList.contains('table-scroll')) && /(auto|scroll)/.test(style.overflowX) && e.scrollWidth > e.clientWidth + 1) out.push(`${name(e)} scrolls: ${e.scrollWidth} px of content in ${e.clientWidth} px`);
    }
    return out.slice(0, 6);
  }, options.tableRegions ?? false);
}

/**
 * Table cells squeezed until they break badly: a date split at its hyphens, or a short Chinese text (a status, a
 * title) written one or two characters per line.
 */
export async function squeezedCells(page: Page): Promise<string[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('main td, main th')).flatMap((cell) => {
    const text = (cell.textContent ?? '').trim();
    const date = /^\d{4}-\d{2}-\d{2}$/.test(text);
    const shortChinese = /^[\u4e00-\u9fff（）]{2,8}$/.test(text);
    if (!date && !shortChinese) return [];
    const range = document.createRange();
    range.selectNodeContents(cell);
    const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
    const squeezed = date ? lines > 1 : lines > 1 && [...text].length / lines < 2.5;
    return squeezed ? [`"${text}" on ${lines} lines`] : [];
  }));
}
