// The HTML report in a real headless browser (Debian's chromium-headless-shell, driven by
// playwright-core; `.ci/run` installs it): the page loads with no console error, each chart has
// the bars the report's JSON implies (counted here from the JSON, not from the page's code),
// sorting a column and the search box work, a `<script>` in a template name stays text, and a
// screenshot is written to test-artifacts/.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const BROWSERS = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium', '/usr/lib/chromium/chromium'];
const executable = BROWSERS.find((p) => existsSync(p));
if (executable === undefined) console.log(`HTML browser test skipped: none of ${BROWSERS.join(', ')} is installed (apt-get install chromium-headless-shell)`);

const tmp = mkdtempSync(join(tmpdir(), 'wa-audit-html-'));
const ARGS = ['fixtures/sample.csv', '--ruleset', 'meta', '--tz', 'America/Sao_Paulo', '--rates', 'rates/meta-usd-example.csv'];

interface Json {
  messages: { contact: string; sent_at: string; charged: boolean; charge_class: string | null; amount: string | null; currency: string | null }[];
  violations: { id: string; sent_at: string; rule: string }[];
}

describe.skipIf(executable === undefined)('the HTML report in a browser', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const json = JSON.parse(cli(['audit', ...ARGS, '--format', 'json']).stdout) as Json;

  beforeAll(async () => {
    const file = join(tmp, 'report.html');
    const r = cli(['audit', ...ARGS, '--format', 'html', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (req) => {
      if (!req.url().startsWith('file:')) problems.push(`fetched ${req.url()}`);
    });
    await page.goto(`file://${resolve(file)}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no console error and fetches nothing', () => {
    expect(problems).toEqual([]);
  });

  it('each chart has the bars the report implies', async () => {
    const bars = async (id: string): Promise<number> => page.locator(`#${id} rect.bar`).count();
    const charged = json.messages.filter((m) => m.charged);
    const pairs = (xs: string[]): number => new Set(xs).size;
    // Days are the report's: an instant in the report's zone begins with its date.
    expect(await bars('chart-charged')).toBe(pairs(charged.map((m) => `${m.sent_at.slice(0, 10)} ${m.charge_class}`)));
    expect(await bars('chart-money')).toBe(pairs(charged.filter((m) => m.amount !== null).map((m) => `${m.sent_at.slice(0, 10)} ${m.currency}`)));
    expect(await bars('chart-violations')).toBe(pairs(json.violations.map((v) => `${v.sent_at.slice(0, 10)} ${v.rule}`)));
    expect(await bars('chart-contacts')).toBe(Math.min(10, pairs(charged.map((m) => m.contact))));
  });

  it('sorts a column by a click on its header, both ways', async () => {
    const list = page.locator('#list-violations');
    const contacts = async (): Promise<string[]> => list.locator('tbody tr td:nth-child(3)').allTextContents();
    const before = await contacts();
    await list.locator('th', { hasText: 'Contact' }).click();
    const up = await contacts();
    expect(up).toEqual([...before].sort());
    await list.locator('th', { hasText: 'Contact' }).click();
    expect(await contacts()).toEqual([...before].sort().reverse());
  });

  it('filters a list with its search box', async () => {
    const list = page.locator('#list-violations');
    const id = json.violations[3].id;
    await list.locator('input.filter').fill(id);
    const visible = await list.locator('tbody tr:not([hidden])').allTextContents();
    expect(visible).toHaveLength(1);
    expect(visible[0]).toContain(id);
    await list.locator('input.filter').fill('');
    expect(await list.locator('tbody tr:not([hidden])').count()).toBe(json.violations.length);
  });

  it('writes a screenshot as a test artifact', async () => {
    mkdirSync('test-artifacts', { recursive: true });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: 'test-artifacts/html-report.png', fullPage: false });
    expect(existsSync('test-artifacts/html-report.png')).toBe(true);
  });

  it('a <script> in a template name stays text and never runs', async () => {
    const file = join(tmp, 'injection.html');
    expect(cli(['audit', 'fixtures/injection/log.csv', '--format', 'html', '--out', file]).code).toBe(0);
    const p = await browser.newPage();
    let dialogs = 0;
    p.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await p.goto(`file://${resolve(file)}`);
    const text = await p.locator('#list-templates').textContent();
    expect(text).toContain('<script>alert(1)</script> | @here #123 [x](http://evil.example)');
    expect(await p.locator('#list-templates script').count()).toBe(0);
    expect(dialogs).toBe(0);
    await p.close();
  });
});
