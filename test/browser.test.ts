// The dashboard in real Chromium against the real `tracebase serve`: list, search, filters,
// keyboard, session timeline, redaction markers, failures, deep links, charts, dark mode, and a
// console free of errors and CSP violations. Skipped, loudly, where /usr/bin/chromium is missing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, hashOf, launchChromium, type RunningServer, startServe, styleOf, until } from './helpers/browser.ts';
import { claudeLines, writeCorpus } from './helpers/corpus.ts';
import { cli, OWN_FIXTURES, REPO, type TempEnv, tempEnv } from './helpers/env.ts';
import { PLANTED_SECRETS } from './helpers/secrets.ts';

const SKIP = !hasChromium();
if (SKIP) process.stderr.write('\n*** BROWSER TESTS SKIPPED: /usr/bin/chromium not found (apt-get install chromium) ***\n\n');

const ARTIFACTS = join(REPO, 'test-artifacts');
const SECRET_SESSION = '5ec7e7aa-1111-4222-8333-444455556666';
const BIG_SESSION = 'b16b16b1-6b16-4b16-8b16-b16b16b16b16';
const SUBS_ONLY_SESSION = '0b7e6f1a-2c3d-4e5f-8a9b-c0d1e2f3a4b5';
const github = PLANTED_SECRETS.find((s) => s.name === 'github/classic-pat')!;
const aws = PLANTED_SECRETS.find((s) => s.name === 'aws/access-key-id')!;

/** A Claude transcript with a planted token in the first prompt and a key in a failing tool's output. */
function secretTranscript(): string {
  return claudeLines(SECRET_SESSION, 3, '/home/dev/billing')
    .map((line, i) => {
      const o = JSON.parse(line);
      // The last turn the next day: the timeline dates the first event of each day.
      if (i >= 8) o.timestamp = new Date(Date.parse(o.timestamp) + 86_400_000).toISOString();
      if (i === 0) o.message.content = `Deploy the billing service with token ${github.value} and check the logs of invoice\u202Egnp.exe`;
      if (i === 7) {
        const log = Array.from({ length: 60 }, (_, n) => `build log line ${n + 1}: compiling module${n}`).join('\n');
        o.message.content[0].content = `${log}\nBUILD FINISHED at line 61`;
        o.toolUseResult = { stdout: `${log}\nBUILD FINISHED at line 61`, stderr: '', interrupted: false, isImage: false };
      }
      if (i === 3) {
        o.message.content[0].content = `Exit code 1\nFAIL module0.test.ts\nAWS_ACCESS_KEY_ID=${aws.value}`;
        o.toolUseResult = `Error: Exit code 1\nAWS_ACCESS_KEY_ID=${aws.value}`;
      }
      return JSON.stringify(o);
    })
    .join('\n');
}

function ensureWebBuild(): void {
  if (existsSync(join(REPO, 'dist/web/index.html'))) return;
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'src/web/vite.config.ts'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(r.status, 0, `dashboard build failed: ${r.stderr}`);
}

/** A hung page must fail its test, not stall the whole suite. */
const it = (name: string, fn: () => Promise<void> | void, todo?: string) => test(name, { timeout: 60_000, todo }, fn);

describe('dashboard in Chromium', { skip: SKIP ? 'no /usr/bin/chromium' : false }, () => {
  let t: TempEnv;
  let env: Record<string, string>;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const rows = () => page.locator('table.sessions tbody tr');
  const hash = () => hashOf(page);
  const rowsAre = (n: number) => until(async () => (await rows().count()) === n, `${n} session rows`);

  before(async () => {
    ensureWebBuild();
    mkdirSync(ARTIFACTS, { recursive: true });
    t = tempEnv();
    const src = join(t.dir, 'src');
    const corpus = writeCorpus(src, 25, 2);
    const dir = join(corpus.claude, '-home-dev-billing');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${SECRET_SESSION}.jsonl`), `${secretTranscript()}\n`);
    const bigDir = join(corpus.claude, '-home-dev-big');
    mkdirSync(bigDir, { recursive: true });
    writeFileSync(join(bigDir, `${BIG_SESSION}.jsonl`), `${claudeLines(BIG_SESSION, 1500, '/home/dev/big').join('\n')}\n`);
    // A session known by its subagents only (its own transcript missing).
    const subsOnly = join(corpus.claude, '-home-dev-app', SUBS_ONLY_SESSION, 'subagents');
    cpSync(join(OWN_FIXTURES, 'claude', 'projects', '-home-dev-app', SUBS_ONLY_SESSION, 'subagents'), subsOnly, { recursive: true });
    env = { ...t.env, CODEX_HOME: join(src, 'codex'), CLAUDE_CONFIG_DIR: join(src, 'claude') };
    assert.equal(cli(env, ['init']).code, 0);
    const imp = cli(env, ['import']);
    assert.equal(imp.code, 0, imp.stderr);
    server = await startServe(env);
    browser = await launchChromium();
    const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 }, colorScheme: 'light' });
    await ctx.addInitScript({
      content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    });
    page = await ctx.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // Requests the dashboard aborts itself (a view left before its fetch finished) are not failures.
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    });
  });

  after(async () => {
    await browser?.close();
    const code = await server?.stop();
    if (code !== undefined && code !== 0) process.stderr.write(`serve exited ${code}: ${server.stderr()}\n`);
    t?.cleanup();
  });

  it('the list loads under a strict CSP and paints quickly', async () => {
    const res = await page.goto(server.url);
    assert.match(res!.headers()['content-security-policy'] ?? '', /script-src 'self'; style-src 'self'/);
    await rows().first().waitFor();
    assert.equal(await rows().count(), 50, 'the first page');
    await page.getByRole('button', { name: 'Load more' }).click();
    await rowsAre(53);
    assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0, 'no further page');
    const fcp = await page.evaluate<number | null>("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null");
    assert.ok(fcp !== null, 'first-contentful-paint was recorded');
    process.stderr.write(`dashboard first-contentful-paint: ${fcp.toFixed(0)} ms\n`);
    const html = await page.content();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline scripts');
    assert.ok(!html.includes(github.value) && !html.includes(aws.value), 'planted secrets never reach the page');
  });

  it('search narrows the list and is reflected in the URL', async () => {
    await page.getByLabel('Search sessions').fill('billing');
    await rowsAre(1);
    assert.equal(await hash(), '#/sessions?q=billing');
    const title = await rows().first().locator('.title').textContent();
    assert.match(title ?? '', /Deploy the billing service with token \[REDACTED:github\]/);
    assert.equal(await rows().first().locator('.title mark.redaction').count(), 1, 'marker styled in the list too');
    // What matched, under the title (a dashboard review: the list gave no hint).
    const hitLine = rows().first().locator('.hit-line');
    assert.equal(await hitLine.locator('mark.hit').first().textContent(), 'billing');
    assert.match((await hitLine.textContent()) ?? '', /^Prompt: Deploy the billing service with token \[REDACTED:github\]/);
    await page.getByLabel('Search sessions').fill('');
    await rowsAre(50);
    // Esc in the box clears the search, list and URL with it (a dashboard review: the box emptied, the list stayed filtered).
    await page.getByLabel('Search sessions').fill('billing');
    await rowsAre(1);
    await page.getByLabel('Search sessions').press('Escape');
    await rowsAre(50);
    assert.equal(await hash(), '#/sessions');
    assert.equal(await page.getByLabel('Search sessions').inputValue(), '');
  });

  it('a search the full-text syntax cannot take (a file name) is asked as the words typed', async () => {
    await page.getByLabel('Search sessions').fill('module0.test.ts');
    await until(async () => (await rows().count()) > 0 && hash() === '#/sessions?q=module0.test.ts', 'rows for a file name');
    assert.equal(await page.locator('.error-box, [role="alert"]').count(), 0, 'no error box');
    // A filter chosen right after typing is kept when the delayed search update lands.
    await page.getByLabel('Search sessions').fill('billing');
    await page.getByLabel('Provider').selectOption('claude');
    await rowsAre(1);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(await hash(), '#/sessions?q=billing&provider=claude');
    assert.equal(await page.getByLabel('Provider').inputValue(), 'claude');
    await page.getByLabel('Search sessions').fill('');
    await page.getByLabel('Provider').selectOption('');
    await rowsAre(50);
    // An operator left hanging: the words as typed, in one request (a dashboard pass saw a failed one in the console
    // first; the last test here finds any).
    await page.getByLabel('Search sessions').fill('billing AND');
    await until(async () => (await hash()).startsWith('#/sessions?q=billing'), 'the search in the URL');
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(await page.locator('.error-box, [role="alert"]').count(), 0, 'no error box');
    await page.getByLabel('Search sessions').fill('');
    await rowsAre(50);
    // A range ending before it starts: said, and nothing listed (a dashboard pass: sessions spanning both ends showed).
    await page.getByLabel('From', { exact: true }).fill('2026-03-03');
    await page.getByLabel('To', { exact: true }).fill('2026-03-02');
    await until(async () => (await page.locator('.filters .hint.bad').count()) === 1, 'the note on the range');
    await rowsAre(0);
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill('');
    await rowsAre(50);
  });

  it('project and model filters apply as they are typed; a pause after a blank keeps it', async () => {
    // A dashboard review: they applied only on Enter or leaving the box.
    await page.getByLabel('Project').fill('billing');
    await rowsAre(1);
    await until(() => hash() === '#/sessions?project=billing', 'project in the URL');
    await page.getByLabel('Project').fill('');
    await rowsAre(50);
    await page.getByLabel('Search sessions').pressSequentially('billing ');
    await rowsAre(1);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await page.getByLabel('Search sessions').inputValue(), 'billing ', 'the blank typed last stays for the next word');
    await page.getByLabel('Search sessions').press('Escape');
    await rowsAre(50);
  });

  it('in a narrow window the titles keep their room, inside the window (dashboard reviews: none at 800 px, off-screen at 1024)', async () => {
    try {
      for (const width of [800, 920, 1024, 1100, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await rowsAre(50);
        const box = await rows().first().locator('.title-cell').boundingBox();
        assert.ok(box && box.width >= 150 && box.x + box.width <= width, `${width} px window: title cell ${box?.width} px wide at ${box?.x}`);
        assert.equal(await page.evaluate<number>("(() => { const e = document.querySelector('.table-wrap'); return e.scrollWidth - e.clientWidth; })()"), 0, `${width} px: no sideways scrolling`);
      }
    } finally {
      await page.setViewportSize({ width: 1360, height: 900 });
    }
  });

  it('a session known only by its subagents says so, with their tokens (a dashboard review: "(untitled)", 0 / 0)', async () => {
    await page.goto(`${server.url}#/sessions?sort=-tokens&provider=claude`);
    const row = page.locator(`table.sessions tbody tr[data-id="${SUBS_ONLY_SESSION}"]`);
    await rowsAre(28);
    assert.equal(await row.locator('.title').textContent(), '(only its subagents have events)');
    assert.match((await row.locator('td:nth-child(6)').textContent()) ?? '', /^sub \S+ \/ \S+$/);
    assert.doesNotMatch((await row.locator('td:nth-child(6)').textContent()) ?? '', /^sub 0 \/ 0/);
    // Listed too, each subagent names the session that ran it, linked (a dashboard pass: a badge alone).
    await page.goto(`${server.url}#/sessions?sort=-tokens&provider=claude&subagents=1`);
    const parentLink = page.locator('table.sessions tbody tr', { has: page.locator('.badge.sub') }).first().locator('.hit-line a');
    await parentLink.waitFor();
    assert.match((await parentLink.getAttribute('href')) ?? '', /^#\/session\/[^/]+$/);
    // Each right under the session that ran it when that one is listed (as `tracebase sessions` lists them).
    const listed = await page.locator('table.sessions tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-id') ?? '',
        parent: decodeURIComponent((tr.querySelector('.hit-line a')?.getAttribute('href') ?? '').replace(/^#\/session\//, '')),
        nested: tr.querySelector('.nest') !== null,
      })),
    );
    const at = new Map(listed.map((r, i) => [r.id, i]));
    const under = listed.filter((r) => r.parent !== '' && at.has(r.parent));
    assert.ok(under.length > 0, 'a subagent whose session is listed');
    for (const r of under) {
      const [p, c] = [at.get(r.parent)!, at.get(r.id)!];
      assert.ok(c > p && listed.slice(p + 1, c + 1).every((x) => x.nested), `${r.id} right under ${r.parent}`);
    }
    await page.goto(`${server.url}#/sessions`);
    await rowsAre(50);
  });

  it('provider filter', async () => {
    await page.getByLabel('Provider').selectOption('codex');
    await until(() => hash().includes('provider=codex'), 'provider in the URL');
    await rowsAre(25);
    const badges = await rows().locator('.badge').allTextContents();
    assert.deepEqual([...new Set(badges)], ['codex']);
    await page.getByLabel('Provider').selectOption('claude');
    await rowsAre(28);
  });

  it('sorting by a column header rewrites the URL', async () => {
    await page.locator('th a.sort', { hasText: 'Errors' }).click();
    await until(() => hash().includes('sort=-errors'), 'sort in the URL');
    assert.equal(await page.locator('th[aria-sort="descending"]').textContent(), 'Errors▼');
    await rowsAre(28);
    // (The rows of the sorted page replace the others once it arrives.)
    const errors = async () => (await rows().locator('td:nth-child(5)').allTextContents()).map(Number);
    await until(async () => {
      const e = await errors();
      return e.length === 28 && e.every((n, i) => i === 0 || e[i - 1]! >= n);
    }, 'rows in descending errors');
    await page.goBack();
    await until(() => !hash().includes('sort='), 'sort gone from the URL');
  });

  it('keyboard: / focuses search, j/k move, Enter opens, back returns to the filtered list', async () => {
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    assert.equal(await page.locator(':focus').getAttribute('name'), 'q');
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('k');
    const selected = rows().nth(1);
    assert.equal(await selected.getAttribute('aria-selected'), 'true');
    const id = await selected.getAttribute('data-id');
    await page.keyboard.press('Enter');
    await until(() => hash() === `#/session/${id}`, 'the session URL');
    await page.locator('.vrow').first().waitFor();
    await page.goBack();
    await until(() => hash().includes('provider=claude'), 'the filtered list URL');
    await rows().first().waitFor();
    assert.equal(await page.getByLabel('Provider').inputValue(), 'claude');
  });

  it('back from a session opened on a later page returns to the same place: pages, selection, scroll', async () => {
    await page.goto(`${server.url}#/sessions`);
    await rowsAre(50);
    await page.getByRole('button', { name: 'Load more' }).click();
    await rowsAre(53);
    const last = rows().nth(52);
    await last.scrollIntoViewIfNeeded();
    const y = await page.evaluate<number>('window.scrollY');
    assert.ok(y > 0, 'the list scrolled');
    const id = await last.getAttribute('data-id');
    await last.locator('.title').click();
    await until(() => hash() === `#/session/${id}`, 'the session URL');
    await page.locator('.vrow').first().waitFor();
    await page.goBack();
    await rowsAre(53);
    assert.equal(await rows().nth(52).getAttribute('aria-selected'), 'true', 'the session opened is selected');
    await until(async () => Math.abs((await page.evaluate<number>('window.scrollY')) - y) < 2, 'the scroll position restored');
    // Another query starts from its first page.
    await page.getByLabel('Provider').selectOption('codex');
    await rowsAre(25);
    await page.getByLabel('Provider').selectOption('');
    await rowsAre(50);
  });

  it('session timeline: redaction markers, a failing call in red, expanding a tool call', async () => {
    await page.goto(`${server.url}#/sessions?q=billing`);
    await rows().first().locator('a.title').click();
    // Opened at its first match (the prompt here).
    await until(() => hash().startsWith(`#/session/${SECRET_SESSION}?event=`), 'the session URL, at the match');
    const prompt = page.locator('.ev-user_prompt').first();
    await prompt.waitFor();
    assert.equal(await prompt.locator('mark.redaction').textContent(), '[REDACTED:github]');
    const shown = (await prompt.textContent()) ?? '';
    // Over two days: the first event of each is dated (a dashboard review: times alone).
    await until(async () => (await page.locator('.ev-day').count()) === 2, 'two dated events');
    const days = await page.locator('.ev-day').allTextContents();
    assert.notEqual(days[0], days[1]);
    assert.match(days[1]!, /Mar/);
    assert.ok(shown.includes('invoice\\u202egnp.exe') && !shown.includes('\u202E'), 'a direction override is shown escaped, not obeyed');

    const failing = page.locator('.ev-tool_call.ev-error').first();
    const chip = failing.locator('.chip.fail').first();
    assert.equal(await chip.textContent(), 'exit 1');
    const [r, g, b] = (await styleOf(chip, 'color')).match(/\d+/g)!.map(Number);
    assert.ok(r! > 150 && g! < 100 && b! < 100, `exit code chip is red (${r},${g},${b})`);
    assert.equal(await styleOf(failing, 'border-left-color'), await styleOf(chip, 'color'), 'failing row carries the red edge');

    const toggle = failing.getByRole('button', { name: /Bash/ });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const body = failing.locator('.tool-body');
    assert.match((await body.textContent()) ?? '', /npm test -- module0/);
    assert.match((await body.locator('.result-error').textContent()) ?? '', /FAIL module0\.test\.ts/);
    assert.equal(await body.locator('mark.redaction').textContent(), '[REDACTED:aws_access_key_id]');
    const text = await page.locator('main').textContent();
    assert.ok(!text!.includes(github.value) && !text!.includes(aws.value));

    // Shortcuts still work after a click on a checkbox (it keeps focus, but takes no letters).
    await page.getByLabel('Expand tool calls').click();
    await page.keyboard.press('j');
    await until(() => hash().startsWith(`#/session/${SECRET_SESSION}?event=`), 'j selects an event');
    await page.getByLabel('Expand tool calls').click();

    assert.equal(await page.locator('figure.chart path.line').count(), 2, 'cumulative input and output charts');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it("a session's tools: calls, errors and time per tool; the files its calls named", async () => {
    await page.goto(`${server.url}#/session/${SECRET_SESSION}`);
    const tools = page.locator('.charts.use figure').first();
    await tools.locator('tbody tr').first().waitFor();
    const cells = await tools.locator('tbody tr').first().locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, 3), ['Bash', '3', '1']);
    assert.match((await page.locator('.charts.use figure').nth(1).textContent()) ?? '', /No call named a file/);
  });

  it('a long output shows its indexed preview, then the whole text on request', async () => {
    const call = page.locator('.ev-tool_call', { hasText: 'npm test -- module1' });
    await call.getByRole('button', { name: /Bash/ }).click();
    const result = call.locator('.result');
    assert.match((await result.textContent()) ?? '', /build log line 1: compiling module0/);
    assert.doesNotMatch((await result.textContent()) ?? '', /BUILD FINISHED/, 'only the preview so far');
    await result.getByRole('button', { name: 'Load full text' }).click();
    await result.getByText('Only a preview is indexed').or(result.getByRole('button', { name: /Show more/ })).first().waitFor();
    assert.doesNotMatch((await result.textContent()) ?? '', /Only a preview is indexed/, 'GET /api/events/:id answered with the whole text');
    await result.getByRole('button', { name: /Show more \(\d+ more lines\)/ }).click();
    assert.match((await result.textContent()) ?? '', /BUILD FINISHED at line 61/);
    assert.equal(await result.getByRole('button', { name: 'Show less' }).count(), 1);
    await result.getByRole('button', { name: 'Show less' }).click();
    await page.evaluate('window.scrollTo(0, 0)');
  });

  it('deep link to an event survives reload; back and forward work', async () => {
    const failing = page.locator('.ev-tool_call.ev-error').first();
    const eventId = await failing.getAttribute('data-event');
    await failing.locator('a.ev-time').click();
    await until(() => hash().endsWith(`?event=${eventId}`), 'the event in the URL');
    const url = page.url();
    await page.reload();
    const row = page.locator(`[data-event="${eventId}"]`);
    await row.waitFor();
    assert.match((await row.getAttribute('class')) ?? '', /\bselected\b/);
    assert.ok(await row.isVisible());
    assert.equal(page.url(), url);

    await page.locator('a.back').click();
    await until(() => hash().startsWith('#/sessions'), 'the list URL');
    await page.goBack();
    await until(() => hash().endsWith(`?event=${eventId}`), 'the event in the URL');
    await page.locator(`[data-event="${eventId}"]`).waitFor();
    await page.goForward();
    await until(() => hash().startsWith('#/sessions'), 'the list URL');
    await rows().first().waitFor();

    // A link to an event the session does not have says so (a dashboard review: silence).
    await page.goto(`${server.url}#/session/${SECRET_SESSION}?event=${'d'.repeat(24)}`);
    await page.locator('.missing-event').waitFor();
    assert.equal(await page.locator('.missing-event').count(), 1);
  });

  it('a deep link to a tool result opens its call, so the result shows (a dashboard review)', async () => {
    const page1 = (await page.evaluate(async (s) => (await fetch(`/api/events?sessionId=${s}&limit=500`)).json(), SECRET_SESSION)) as { items: { id: string; kind: string }[] };
    const result = page1.items.find((e) => e.kind === 'tool_result')!;
    await page.goto(`${server.url}#/session/${SECRET_SESSION}?event=${result.id}`);
    const selected = page.locator('article.selected');
    await selected.waitFor();
    assert.equal(await selected.locator('button.disclosure').first().getAttribute('aria-expanded'), 'true');
  });

  it('a long session is virtualized and paged as it scrolls', async () => {
    await page.goto(`${server.url}#/session/${BIG_SESSION}`);
    await page.locator('.vrow').first().waitFor();
    const loaded = () => page.locator('.timeline-bar .muted').first().textContent();
    assert.match((await loaded()) ?? '', / 500 of ~6,000 events loaded/);
    for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 4000);
    await until(async () => !/ 500 of/.test((await loaded()) ?? ''), 'a second page of events');
    const dom = await page.locator('.vrow').count();
    assert.ok(dom > 5 && dom < 120, `only rows near the viewport are in the DOM (${dom})`);
    // "N of ~6,000 events loaded" while paging; "N events loaded" once every page is in (fast scroll).
    const m = /([\d,]+)( of ~6,000)? events loaded/.exec((await loaded()) ?? '');
    const n = Number(m?.[1]?.replace(/,/g, ''));
    assert.ok(n >= 1000 && (m?.[2] === undefined || n % 500 === 0), `further pages of 500 were fetched while scrolling (${n})`);
  });

  it('token usage per day and model', async () => {
    await page.goto(`${server.url}#/usage`);
    await page.locator('rect.bar').first().waitFor();
    assert.ok((await page.locator('rect.bar').count()) >= 2);
    assert.ok((await page.locator('.legend-item').count()) >= 2, 'one legend entry per model');
    // A bar slot for every day from the first to the last with use, quiet days included.
    const days = [...new Set((await page.locator('rect.bar title').allTextContents()).map((t) => t.slice(0, 10)))].sort();
    const span = (Date.parse(days.at(-1)!) - Date.parse(days[0]!)) / 86_400_000 + 1;
    assert.match((await page.locator('figure.chart svg').getAttribute('aria-label')) ?? '', new RegExp(`, ${span} days$`));
  });

  it('dark mode toggle is remembered across reloads', async () => {
    await page.getByRole('button', { name: 'Switch to dark mode' }).click();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    await page.goto(`${server.url}#/session/${SECRET_SESSION}`);
    await page.reload();
    await page.locator('.ev-user_prompt').first().waitFor();
    assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
    const bg = await styleOf(page.locator('body'), 'background-color');
    const [r] = bg.match(/\d+/g)!.map(Number);
    assert.ok(r! < 60, `dark background (${bg})`);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-dark.png') });
    await page.getByRole('button', { name: 'Switch to light mode' }).click();
  });

  it('a session of bookkeeping lines only says so and offers to show them (a dashboard review: it looked empty); charts over several days show dates and quiet days', async () => {
    const u = tempEnv();
    try {
      const id = '0199b0b0-0000-7000-8000-00000000000b';
      const dir = join(u.dir, 'codex', 'sessions', '2026', '03', '05');
      mkdirSync(dir, { recursive: true });
      const env = (type: string, payload: unknown, day = '05') => JSON.stringify({ timestamp: `2026-03-${day}T10:00:00.000Z`, type, payload });
      const usage = (n: number) => env('event_msg', { type: 'token_count', info: { total_token_usage: { input_tokens: 100 * n, cached_input_tokens: 0, output_tokens: 10 * n, reasoning_output_tokens: 0, total_tokens: 110 * n }, last_token_usage: { input_tokens: 100, cached_input_tokens: 0, output_tokens: 10, reasoning_output_tokens: 0, total_tokens: 110 }, model_context_window: 200000 } }, n === 1 ? '05' : '07');
      writeFileSync(join(dir, `rollout-2026-03-05T10-00-00-${id}.jsonl`), `${[env('session_meta', { id, timestamp: '2026-03-05T10:00:00.000Z', cwd: '/home/dev/svc', originator: 'codex_cli_rs', cli_version: '0.63.0' }), usage(1), usage(2)].join('\n')}\n`);
      const uenv = { ...u.env, CODEX_HOME: join(u.dir, 'codex'), CLAUDE_CONFIG_DIR: join(u.dir, 'none') };
      assert.equal(cli(uenv, ['init']).code, 0);
      assert.equal(cli(uenv, ['import']).code, 0);
      const s = await startServe(uenv);
      try {
        await page.goto(`${s.url}#/session/${id}`);
        const foot = page.locator('.timeline-foot');
        await until(async () => /bookkeeping lines/.test((await foot.textContent()) ?? ''), 'the note');
        await foot.getByRole('button', { name: 'Show them' }).click();
        await until(async () => (await page.locator('.vrow').count()) > 0, 'the lines shown');
        assert.match((await foot.textContent()) ?? '', /End of session/);
        // Its token chart runs over three days: its times carry their day (a review: times only).
        const axis = await page.locator('figure.chart svg text.axis').allTextContents();
        assert.ok(axis.some((t) => /Mar 5/.test(t)) && axis.some((t) => /Mar 7/.test(t)), axis.join(' | '));
        // Usage per day: March 6 had none, and still has its place.
        await page.goto(`${s.url}#/usage`);
        await page.locator('rect.bar').first().waitFor();
        assert.match((await page.locator('figure.chart svg').getAttribute('aria-label')) ?? '', /, 3 days$/);
        assert.equal(await page.locator('rect.bar').count(), 2);
      } finally {
        await page.goto('about:blank');
        assert.equal(await s.stop(), 0);
      }
    } finally {
      u.cleanup();
    }
  });

  it('an empty store tells a new user what to run', async () => {
    const empty = tempEnv();
    try {
      assert.equal(cli(empty.env, ['init']).code, 0);
      const s = await startServe(empty.env);
      try {
        await page.goto(s.url);
        const box = page.locator('.empty');
        await box.waitFor();
        const text = (await box.textContent()) ?? '';
        assert.match(text, /tracebase import/);
        // The demo goes to a store of its own: the advice says how to serve that one (a review: `tracebase demo`, then reload, could not work).
        assert.match(text, /tracebase demo --home \/tmp\/tb-demo\s*TRACE_HOME=\/tmp\/tb-demo tracebase serve/);
        // After an import that found only an empty transcript (a session not written to yet): says so.
        writeFileSync(join(empty.dir, 'empty.jsonl'), '');
        assert.equal(cli(empty.env, ['import-file', 'claude', join(empty.dir, 'empty.jsonl')]).code, 0);
        await page.reload();
        await until(async () => /are empty or hold no session/.test((await page.locator('.empty').textContent()) ?? ''), 'the empty-transcripts note');
      } finally {
        await page.goto('about:blank');
        assert.equal(await s.stop(), 0, 'serve exits cleanly on SIGTERM');
      }
    } finally {
      empty.cleanup();
    }
  });

  it('on a phone: nothing wider than the screen, titles in the list, and a session opens at its top (a dashboard review)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'light' });
    try {
      const phone = await ctx.newPage();
      phone.on('pageerror', (e) => problems.push(`page error (phone): ${e.message}`));
      await phone.goto(`${server.url}#/sessions`);
      await until(async () => (await phone.locator('table.sessions tbody tr').count()) > 20, 'the list on a phone');
      assert.ok(((await phone.evaluate('document.documentElement.scrollWidth')) as number) <= 390, 'no sideways scroll');
      const title = phone.locator('table.sessions thead th', { hasText: 'Title' });
      const box = await title.boundingBox();
      assert.ok(box && box.x < 390, `the title column is on screen (${JSON.stringify(box)})`);
      await phone.evaluate('window.scrollTo(0, 1200)');
      await until(async () => ((await phone.evaluate('window.scrollY')) as number) > 500, 'the list scrolled');
      const row = phone.locator('table.sessions tbody tr').nth(20);
      await row.scrollIntoViewIfNeeded();
      await row.click();
      await until(async () => ((await phone.evaluate('location.hash')) as string).startsWith('#/session/'), 'a session opened');
      await until(async () => (await phone.locator('.page h1, .page h2').count()) > 0, 'the session page');
      await until(async () => ((await phone.evaluate('window.scrollY')) as number) === 0, 'at its top');
    } finally {
      await ctx.close();
    }
    // The narrowest phones: the top bar fits too, its theme button on screen (a dashboard pass: 375 px were needed).
    for (const width of [320, 360]) {
      const narrow = await browser.newContext({ viewport: { width, height: 640 }, isMobile: true, hasTouch: true, colorScheme: 'light' });
      try {
        const p = await narrow.newPage();
        await p.goto(`${server.url}#/sessions`);
        await until(async () => (await p.locator('table.sessions tbody tr').count()) > 5, `the list at ${width} px`);
        assert.ok(((await p.evaluate('document.documentElement.scrollWidth')) as number) <= width, `no sideways scroll at ${width} px`);
        const button = await p.locator('.topbar .icon-btn').boundingBox();
        assert.ok(button && button.x + button.width <= width, `the theme button is on screen at ${width} px (${JSON.stringify(button)})`);
      } finally {
        await narrow.close();
      }
    }
  });

  it("a fork's page links the session it forked from (a dashboard audit: only the API said so)", async () => {
    const own = tempEnv();
    const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    let s: RunningServer | undefined;
    try {
      const fenv = { ...own.env, CODEX_HOME: join(OWN_FIXTURES, 'codex'), CLAUDE_CONFIG_DIR: join(own.dir, 'none') };
      assert.equal(cli(fenv, ['init']).code, 0);
      assert.equal(cli(fenv, ['import', '--provider', 'codex']).code, 0);
      s = await startServe(fenv);
      const tab = await ctx.newPage();
      await tab.goto(`${s.url}#/session/0195fe55-2222-7ccc-8ddd-000000000002`);
      const link = tab.locator('.facts .fact', { hasText: 'Forked from' }).locator('a');
      await link.waitFor();
      assert.equal(await link.textContent(), '0195fe10-1111-7aaa-8bbb-000000000001');
      await link.click();
      await until(async () => (await tab.evaluate('location.hash')) === '#/session/0195fe10-1111-7aaa-8bbb-000000000001', 'the parent opened');
      // …and the parent's page names its forks (a dashboard pass: it never mentioned them).
      const forks = tab.locator('section.children', { hasText: 'Forks (1)' }).locator('a');
      await forks.waitFor();
      assert.equal(await forks.getAttribute('href'), '#/session/0195fe55-2222-7ccc-8ddd-000000000002');
    } finally {
      await ctx.close();
      if (s) assert.equal(await s.stop(), 0);
      own.cleanup();
    }
  });

  it('a link to a session the store does not hold says so, with no advice meant for API callers (a newcomer pass)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    try {
      const tab = await ctx.newPage();
      await tab.goto(`${server.url}#/session/doesnotexist`);
      const box = tab.locator('.error-box');
      await box.waitFor();
      const text = (await box.textContent()) ?? '';
      assert.match(text, /SESSION_NOT_FOUND\s*No session with id "doesnotexist"\./);
      assert.doesNotMatch(text, /\/api\//);
      assert.equal(await tab.locator('a.back', { hasText: 'Sessions' }).count(), 1);
    } finally {
      await ctx.close();
    }
  });

  it('served on the network: the printed link signs the dashboard in for its address only; no cookie (a security review)', async () => {
    const s = await startServe(env, ['--host', '0.0.0.0', '--allow-remote']);
    const ctx = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    try {
      const printed = new URL(s.url);
      const token = printed.searchParams.get('token')!;
      assert.ok(token.length >= 43, s.url);
      const base = `http://127.0.0.1:${printed.port}/`;
      const tab = await ctx.newPage();
      tab.on('pageerror', (e) => problems.push(`page error (remote): ${e.message}`));
      // Without the link: the page loads (it holds no data) and says what to open.
      await tab.goto(`${base}#/sessions`);
      await until(async () => /access token: open the dashboard link/.test((await tab.locator('body').textContent()) ?? ''), 'the access-token message');
      await tab.goto(`${base}?token=${token}#/sessions`);
      await until(async () => (await tab.locator('table.sessions tbody tr').count()) > 0, 'the list with the token');
      assert.equal(new URL(tab.url()).search, '', 'the token left the address bar');
      assert.deepEqual(await ctx.cookies(), [], 'no cookie, which every port of the host would receive');
      // Kept for this address: a reload and a new tab need no link.
      const other = await ctx.newPage();
      await other.goto(`${base}#/sessions`);
      await until(async () => (await other.locator('table.sessions tbody tr').count()) > 0, 'the list in a new tab');
      // Kept for this address only: the same host on another port (here the loopback server) never sees it.
      const sent: string[] = [];
      other.on('request', (r) => {
        if (r.url().startsWith(server.url)) sent.push(r.headers()['authorization'] ?? '');
      });
      await other.goto(`${server.url}#/sessions`);
      await until(async () => (await other.locator('table.sessions tbody tr').count()) > 0, 'the loopback server\'s list');
      assert.ok(sent.length > 0 && sent.every((h) => h === ''), `no token sent to another port: ${JSON.stringify(sent)}`);
    } finally {
      await ctx.close();
      assert.equal(await s.stop(), 0);
    }
  });

  it('no console errors, failed requests or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
