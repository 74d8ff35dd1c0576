// Growth against the WHO standards in a browser (issue 16), on a phone (390×844), light and
// dark, axe clean, plain words: first the page asks for the baby's sex (with a link to the
// profile); then, with the sex and 36+0 weeks at birth, weights, a length and a head
// circumference logged through the API draw one server-made chart per indicator (no script
// draws them), with both ages in the table and "Mention this at your next check-up" beside
// a weight below the 2nd percentile. Screenshots: target/screenshots/growth-*.png.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper, watchPage } from './lib/browser.mjs';
import { apiGet, babies, csrfOf, setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THEMES = ['light', 'dark'];
const DAY = 86_400_000;

/** Words that must never reach a parent: ids, field names, placeholders. */
const RAW = [/\b[a-z]+_[a-z_]+\b/, /\bundefined\b/, /\bnull\b/, /\bNaN\b/, /\bgrowth-[a-z]/];

async function axe(page, what) {
  await page.evaluate(AXE);
  const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const explain = r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('\n');
  assert.equal(r.violations.length, 0, `axe on ${what}:\n${explain}`);
}

async function plainWords(page, what) {
  const text = await page.locator('main').innerText();
  for (const re of RAW) assert.doesNotMatch(text, re, `${what} shows raw words (${re}): ${(text.match(re) || [])[0]}`);
}

test('growth charts against the WHO standards', { timeout: 600_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('growth-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const problems = watchPage(page);
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `growth-fail-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const s = {};
  const themed = async (theme, path) => {
    await context.addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
    await page.goto(`${base}${path}`);
    assert.equal(await page.evaluate(() => document.documentElement.className), theme);
  };
  /** Sends JSON to the API from the page (the session and its CSRF token). */
  const api = async (method, path, body) => {
    const csrf = await csrfOf(page);
    return page.evaluate(async ([m, p, token, b]) => {
      const r = await fetch(p, { method: m, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token }, body: JSON.stringify(b) });
      return { status: r.status, body: await r.json().catch(() => null) };
    }, [method, path, csrf, body]);
  };

  try {
    await step('without the sex, the page asks for it and links to the profile', async () => {
      s.o = await setup(page, base);
      s.baby = (await babies(page))[0].id;
      const r = await api('POST', `/api/v1/babies/${s.baby}/events`, { kind: 'weight', at: new Date(Date.now() - 3 * DAY).toISOString(), value: 4.1, unit: 'kg' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      await page.goto(`${base}/`);
      await Promise.all([page.waitForURL((u) => u.pathname === `/babies/${s.baby}/growth`), page.getByRole('link', { name: 'Growth', exact: true }).click()]);
      const said = (await page.textContent('#needs-sex')).replace(/\s+/g, ' ');
      assert.match(said, /add the baby's sex in the profile/);
      assert.equal(await page.getByRole('link', { name: `Edit ${s.o.babyName}'s profile` }).getAttribute('href'), `/babies/${s.baby}/edit`);
      assert.equal(await page.locator('svg.chart').count(), 0);
    });

    await step('with the sex and 36+0 weeks at birth: a chart per indicator, both ages, what to mention', async () => {
      const got = await apiGet(page, `/api/v1/babies/${s.baby}`);
      const { id, created, updated, conditions_noted, ...profile } = got.body;
      const put = await api('PUT', `/api/v1/babies/${s.baby}`, { ...profile, sex: 'female', gestation_at_birth: '36+0' });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      const at = (days) => new Date(Date.now() - days * DAY).toISOString();
      for (const e of [
        { kind: 'weight', at: at(30), value: 3.0, unit: 'kg' },
        { kind: 'weight', at: at(10), value: 2.6, unit: 'kg' },
        { kind: 'length', at: at(3), value: 53, unit: 'cm' },
        { kind: 'head', at: at(3), value: 37, unit: 'cm' },
      ]) {
        const r = await api('POST', `/api/v1/babies/${s.baby}/events`, e);
        assert.equal(r.status, 201, `${JSON.stringify(e)}: ${JSON.stringify(r.body)}`);
      }
      const g = await apiGet(page, `/api/v1/babies/${s.baby}/growth`);
      assert.equal(g.status, 200, JSON.stringify(g.body));
      assert.deepEqual(g.body.map((r) => r.kind), ['weight', 'weight', 'weight', 'length', 'head']);
      assert.ok(g.body.every((r) => r.corrected_age_days === r.age_days - 28), JSON.stringify(g.body));
      const low = g.body[1];
      assert.equal(low.mention, true, JSON.stringify(low));
      await page.goto(`${base}/babies/${s.baby}/growth`);
      assert.equal(await page.locator('svg.chart').count(), 3);
      assert.equal(await page.locator('#needs-sex').count(), 0);
      assert.equal(await page.locator('#born-early').count(), 1);
      const weight = page.locator('#growth-weight');
      assert.equal(await weight.getByRole('img', { name: 'Weight for age' }).count(), 1);
      const text = await weight.innerText();
      assert.match(text, /corrected: /);
      assert.match(text, /Below the 2nd percentile line\./);
      assert.match(text, /Mention this at your next check-up\./);
      assert.equal(await page.locator('script:not([src]):not([type="application/json"])').count(), 0, 'no script draws the charts');
    });

    for (const theme of THEMES) {
      await step(`the growth page at 390×844 (${theme}): axe clean, plain words, screenshot`, async () => {
        await themed(theme, `/babies/${s.baby}/growth`);
        await plainWords(page, `growth (${theme})`);
        await axe(page, `growth (${theme})`);
        const box = await page.locator('#growth-weight svg.chart').boundingBox();
        assert.ok(box && box.width <= 390 && box.width > 250, `the chart fits the phone: ${JSON.stringify(box)}`);
        await screenshot(page, `growth-${theme}.png`, { fullPage: true });
      });
    }

    await step('no script errors and nothing the page policy blocked', async () => {
      assert.deepEqual(problems.filter((p) => !/favicon/.test(p)), []);
    });
  } finally {
    await context.close();
    await browser.close();
    await server.stop();
  }
});
