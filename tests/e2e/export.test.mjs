// The family's data to take away, in a browser (issue 17): the household page's "Your data"
// section, both downloads (the JSON document with the baby and every entry logged, the CSV
// files in a zip), axe clean in light and dark at 390×844. Screenshot:
// target/screenshots/export-household.png.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper, watchPage } from './lib/browser.mjs';
import { babies, csrfOf, setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function axe(page, what) {
  await page.evaluate(AXE);
  const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const explain = r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('\n');
  assert.equal(r.violations.length, 0, `axe on ${what}:\n${explain}`);
}

/** A download started by clicking `name`: its file name and bytes. */
async function download(page, name) {
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name }).click(),
  ]);
  const failure = await d.failure();
  assert.equal(failure, null, `the download of "${name}" failed: ${failure}`);
  return { file: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
}

test('the household page downloads the whole household', { timeout: 300_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('export-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser, { acceptDownloads: true });
  const page = await context.newPage();
  const problems = watchPage(page);
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `export-fail-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const s = {};
  try {
    await step('a household with a baby and three entries', async () => {
      s.o = await setup(page, base);
      s.baby = (await babies(page))[0].id;
      const csrf = await csrfOf(page);
      const ago = (min) => new Date(Date.now() - min * 60_000).toISOString();
      for (const e of [
        { kind: 'feeding', start: ago(200), end: ago(180), method: 'breast_left' },
        { kind: 'nappy', at: ago(150), contents: 'wet' },
        { kind: 'note', at: ago(100), text: 'First smile, "at last", at bath time' },
      ]) {
        const r = await page.evaluate(async ([p, token, b]) => {
          const res = await fetch(p, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token }, body: JSON.stringify(b) });
          return res.status;
        }, [`/api/v1/babies/${s.baby}/events`, csrf, e]);
        assert.equal(r, 201, JSON.stringify(e));
      }
    });

    await step('the household page says what the downloads hold', async () => {
      await page.goto(`${base}/household`);
      const section = page.locator('#your-data');
      assert.equal(await section.getByRole('heading', { level: 2 }).innerText(), 'Your data');
      assert.match(await section.innerText(), /members \(without passwords\)/);
      assert.match(await section.innerText(), /keep it somewhere private/);
      await screenshot(page, 'export-household.png', { fullPage: true });
      for (const theme of ['light', 'dark']) {
        await context.addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
        await page.goto(`${base}/household`);
        await axe(page, `the household page (${theme})`);
      }
    });

    await step('"Download everything" gives the JSON document', async () => {
      const { file, bytes } = await download(page, 'Download everything (JSON)');
      assert.match(file, /^soothe-the-martins-\d{4}-\d{2}-\d{2}\.json$/);
      const doc = JSON.parse(bytes.toString('utf8'));
      assert.equal(doc.format, 'soothe-household');
      assert.equal(doc.household.name, 'The Martins');
      assert.deepEqual(doc.babies.map((b) => b.name), [s.o.babyName]);
      assert.deepEqual(doc.events.map((e) => e.kind), ['feeding', 'nappy', 'note']);
      assert.equal(doc.events[2].text, 'First smile, "at last", at bath time');
      assert.deepEqual(doc.members.map((m) => [m.email, m.role]), [[s.o.email, 'owner']]);
      assert.ok(doc.events.every((e) => e.logged_by === s.o.email));
    });

    await step('"Download as spreadsheets" gives a zip of CSV files', async () => {
      const { file, bytes } = await download(page, 'Download as spreadsheets (CSV)');
      assert.match(file, /^soothe-the-martins-\d{4}-\d{2}-\d{2}\.zip$/);
      assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip');
      const names = bytes.toString('latin1');
      for (const name of ['members.csv', 'babies.csv', 'feeding.csv', 'nappy.csv', 'note.csv']) {
        assert.ok(names.includes(name), `the zip holds ${name}`);
      }
    });

    assert.deepEqual(problems, [], 'no page errors');
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});
