import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/inventory/types.js';
import { renderInventoryHtml } from '../../src/inventory/html/html.js';
import { CHROMIUM, launch, watchedPage, type Watched } from '../helpers/browser.js';
import { keyward } from '../helpers/cli.js';
import { tempDir } from '../helpers/fake.js';
import { commitAs, git, secretLine, serverAndWork } from './helpers.js';
import { OWNERS, syntheticInventory } from './synthetic.js';

const DOCS_PICTURE = fileURLToPath(new URL('../../docs/report.png', import.meta.url));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

// The repository writes author names and paths: here they carry markup that would run if the
// report put them into the page unescaped.
const EVIL_FILE = 'cfg/<img src=x onerror="window.__pwned=1">.js';
const EVIL_AUTHOR = { name: 'Mallory "&\' onmouseover=window.__pwned=2', email: 'mallory@keyward.test' };

describe.skipIf(!CHROMIUM)('the HTML report in headless Chromium', () => {
  const t = tempDir('keyward-html-');
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    t.cleanup();
  });

  async function open(file: string): Promise<Watched> {
    const w = await watchedPage(browser);
    await w.page.goto(pathToFileURL(file).href);
    await w.page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    return w;
  }

  /** A summary card's number ("1,835" → 1835). */
  const count = async (w: Watched, key: string): Promise<number> => Number((await w.page.textContent(`[data-count="${key}"] .n`))?.replace(/,/g, ''));
  const matching = async (w: Watched): Promise<number> => Number(await w.page.getAttribute('#shown', 'data-matching'));

  it('shows the counts of the JSON inventory, escapes what the repository wrote, asks for nothing', async () => {
    const { work } = serverAndWork(t.dir);
    commitAs(work, EVIL_AUTHOR, '2025-01-05T10:00:00Z', { [EVIL_FILE]: secretLine().line, 'a.js': secretLine().line });
    git(work, ['push', '-q', 'origin', 'main']);
    commitAs(work, EVIL_AUTHOR, '2025-03-01T10:00:00Z', { 'b.js': secretLine().line });
    const json = keyward(['inventory', '--format', 'json', '--now', '2025-03-20'], { cwd: work });
    expect(json.code, json.stderr).toBe(0);
    const inv = JSON.parse(json.stdout) as Inventory;
    expect(inv.counts).toMatchObject({ credentials: 3, overdue: 2, pushed: 2 });
    const file = join(t.dir, 'report.html');
    const r = keyward(['report', '--html', '--now', '2025-03-20', '--output', file], { cwd: work });
    expect(r.code, r.stderr).toBe(0);

    const w = await open(file);
    expect(w.problems).toEqual([]);
    expect(w.requests).toEqual([pathToFileURL(file).href]);
    expect(await w.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await w.page.locator('img').count()).toBe(0);
    expect(await w.page.locator('td.path', { hasText: EVIL_FILE }).count()).toBe(1);
    // No CODEOWNERS: the author is each row's owner too.
    expect(await w.page.locator('#rows td', { hasText: EVIL_AUTHOR.name }).count()).toBe(6);
    expect(await w.page.locator('[data-counts="owner"] td.label', { hasText: EVIL_AUTHOR.name }).count()).toBe(1);
    for (const key of ['credentials', 'open', 'overdue', 'revoked', 'pushed', 'local', 'atHead'] as const) {
      expect(await count(w, key), key).toBe(inv.counts[key]);
    }
    expect(await matching(w)).toBe(inv.rows.length);
    expect(await w.page.locator('#rows tr').count()).toBe(inv.rows.length);
    for (const status of ['overdue', 'open', 'revoked'] as const) {
      await w.page.selectOption('#status', status);
      expect(await matching(w), status).toBe(inv.counts[status]);
    }
    const png = join(t.dir, 'report.png');
    await w.page.screenshot({ path: png, fullPage: true });
    expect(readFileSync(png).subarray(0, 4)).toEqual(PNG);
    expect(w.problems).toEqual([]);
    await w.page.close();
  });

  it('pages 10,000 credentials: 100 rows in the table, sorting and filtering over all of them', async () => {
    const inv = syntheticInventory(10_000);
    const file = join(t.dir, 'big.html');
    writeFileSync(file, renderInventoryHtml(inv));
    const started = Date.now();
    const w = await open(file);
    // Reported, not asserted: timing depends on the machine's load.
    console.log(`keyward tests: 10,000-credential report ready in ${Date.now() - started} ms`);
    expect(w.problems).toEqual([]);
    expect(await w.page.locator('#rows tr').count()).toBe(100);
    expect(await matching(w)).toBe(10_000);
    for (const key of ['credentials', 'open', 'overdue', 'revoked'] as const) expect(await count(w, key), key).toBe(inv.counts[key]);

    const owner = OWNERS[0]!;
    await w.page.fill('#filter', owner);
    expect(await matching(w)).toBe(inv.rows.filter((r) => r.owner === owner).length);
    await w.page.fill('#filter', '');
    await w.page.selectOption('#risk', 'critical');
    expect(await matching(w)).toBe(inv.rows.filter((r) => r.risk === 'critical').length);
    await w.page.selectOption('#risk', '');

    const places = w.page.locator('th[data-col="locations"]');
    await places.click();
    await places.click(); // descending
    expect(await places.getAttribute('aria-sort')).toBe('descending');
    const top = Number(await w.page.textContent('#rows tr:first-child td.n'));
    expect(top).toBe(Math.max(...inv.rows.map((r) => r.locations)));
    await w.page.click('#next');
    expect(await w.page.textContent('#shown')).toMatch(/^101–200 of 10,000 matching/);
    expect(w.problems).toEqual([]);
    await w.page.close();
  });

  it('takes the picture for the README', async () => {
    const file = join(t.dir, 'picture.html');
    writeFileSync(file, renderInventoryHtml(syntheticInventory(240, 11)));
    const w = await open(file);
    await w.page.selectOption('#status', 'overdue');
    const png = join(t.dir, 'picture.png');
    await w.page.screenshot({ path: png, fullPage: false });
    expect(readFileSync(png).subarray(0, 4)).toEqual(PNG);
    expect(w.problems).toEqual([]);
    // KEYWARD_UPDATE_DOCS=1 refreshes docs/report.png; a plain run leaves the tree alone.
    if (process.env.KEYWARD_UPDATE_DOCS === '1') copyFileSync(png, DOCS_PICTURE);
    await w.page.close();
  });
});
