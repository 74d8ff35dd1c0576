// Accessibility: axe-core (WCAG 2.0/2.1 A and AA, WCAG 2.2 AA) on every page of the web
// app, in the light and in the dark theme. A violation fails with its rule, its help and the
// first elements it found, so the fix is obvious.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { inZone, launch, phoneContext, stepper } from './lib/browser.mjs';
import { babies, csrfOf, setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THEMES = ['light', 'dark'];
const PLAY = '/massage/play?routine=full-body&state=quiet_alert&oil=none';

test('a11y: every page passes axe, in light and dark', { timeout: 600_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  const server = await startServer();
  const base = server.url;
  const anonContext = await phoneContext(browser);
  const ownerContext = await phoneContext(browser);
  const anon = await anonContext.newPage();
  const owner = await ownerContext.newPage();
  const step = stepper(t);
  const ids = {};

  /** Opens `path` in `page` with a theme, optionally does `prepare`, and runs axe. */
  async function audit(page, path, theme, { prepare, status, systemTheme } = {}) {
    const context = page.context();
    await context.addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
    await page.emulateMedia({ colorScheme: theme });
    const res = await page.goto(`${base}${path}`);
    if (status !== undefined) assert.equal(res.status(), status, `${path} answers ${status}`);
    else assert.ok(res.ok(), `${path} answers ${res.status()}`);
    // Pages drawn without the visitor (the cached offline page, error pages) follow the
    // system's scheme, which emulateMedia sets to the same theme.
    const cls = await page.evaluate(() => document.documentElement.className);
    if (systemTheme) assert.ok(cls === theme || cls === '', `the theme class is "${cls}"`);
    else assert.equal(cls, theme, 'the theme cookie is applied');
    if (prepare) await prepare(page);
    await page.evaluate(AXE);
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    const violations = result.violations;
    assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) on ${path} (${theme}):\n${explain(violations)}`);
  }

  /** One subtest per page and theme. */
  async function pages(page, list) {
    for (const { name, path, ...opts } of list) {
      for (const theme of THEMES) {
        await step(`${name} (${theme})`, () => audit(page, path(), theme, opts), { independent: true });
      }
    }
  }

  try {
    // Before anyone exists: the first-run page.
    await pages(anon, [{ name: '/setup, before setup', path: () => '/setup' }]);

    await step('set up the household, an event and an invitation', async () => {
      await setup(owner, base);
      ids.baby = (await babies(owner))[0].id;
      // A feed that ended an hour ago (so a massage is still ready), through the API.
      const end = Date.now() - 60 * 60_000;
      const csrf = await csrfOf(owner);
      const created = await owner.evaluate(async ([baby, token, start, stop]) => {
        const r = await fetch(`/api/v1/babies/${baby}/events`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
          body: JSON.stringify({ kind: 'feeding', start, end: stop, method: 'breast_left' }),
        });
        return { status: r.status, body: await r.json() };
      }, [ids.baby, csrf, new Date(end - 15 * 60_000).toISOString(), new Date(end).toISOString()]);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      ids.event = created.body.id;
      // An invitation for the join page.
      await owner.goto(`${base}/household`);
      await owner.selectOption('#role', 'caregiver');
      await Promise.all([
        owner.waitForURL((u) => u.pathname === '/household/invitations'),
        owner.getByRole('button', { name: 'Make an invitation link' }).click(),
      ]);
      ids.join = new URL((await owner.locator('#invite-link').textContent()).trim()).pathname;
    });
    if (step.failed()) return;

    await pages(anon, [
      { name: '/signin', path: () => '/signin' },
      { name: '/join/{code}', path: () => ids.join },
    ]);

    await pages(owner, [
      { name: '/ (Today)', path: () => '/' },
      { name: '/journal', path: () => '/journal' },
      { name: '/journal/new?kind=feeding', path: () => '/journal/new?kind=feeding' },
      { name: '/events/{id}/edit', path: () => `/events/${ids.event}/edit` },
      { name: '/massage', path: () => '/massage' },
      { name: '/massage with an answer', path: () => '/massage?routine=full-body&state=quiet_alert&oil=none' },
      { name: '/massage/play', path: () => PLAY },
      {
        name: '/massage/play, running, in a cue pause',
        path: () => PLAY,
        prepare: async (p) => {
          await p.click('#btn-start');
          await p.click('button[data-cue="looks_away"]');
        },
      },
      {
        name: '/massage/play, ended, with the finish form',
        path: () => PLAY,
        prepare: async (p) => {
          await p.click('#btn-start');
          await p.click('#btn-stop');
          await p.locator('#finish').waitFor({ state: 'visible' });
        },
      },
      {
        name: '/massage/play, ended on an alarm cue',
        path: () => PLAY,
        prepare: async (p) => {
          await p.click('#btn-start');
          await p.click('button[data-cue="chokes"]');
          await p.locator('#btn-log-sign').waitFor({ state: 'visible' });
        },
      },
      { name: '/routines', path: () => '/routines' },
      { name: '/routines/full-body', path: () => '/routines/full-body' },
      { name: '/evidence', path: () => '/evidence' },
      { name: '/oils', path: () => '/oils' },
      { name: '/household', path: () => '/household' },
      { name: '/account', path: () => '/account' },
      { name: '/babies/new', path: () => '/babies/new' },
      { name: '/babies/{id}/edit', path: () => `/babies/${ids.baby}/edit` },
      { name: '/offline', path: () => '/offline', systemTheme: true },
      { name: 'an error page (/events/not-a-uuid/edit)', path: () => '/events/not-a-uuid/edit', status: 404, systemTheme: true },
      {
        name: '/babies/new with errors',
        path: () => '/babies/new',
        prepare: async (p) => {
          await p.fill('#name', ' ');
          await p.fill('#born', inZone(Date.now()).date);
          await Promise.all([p.waitForURL((u) => u.pathname === '/babies'), p.getByRole('button', { name: 'Save' }).click()]);
          await p.locator('#form-errors').waitFor();
        },
      },
    ]);

    // Today while waiting after a feed (another colour, and the countdown).
    await step('log a feed that ended 10 minutes ago', async () => {
      const csrf = await csrfOf(owner);
      const end = Date.now() - 10 * 60_000;
      const status = await owner.evaluate(async ([baby, token, start, stop]) => {
        const r = await fetch(`/api/v1/babies/${baby}/events`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
          body: JSON.stringify({ kind: 'feeding', start, end: stop }),
        });
        return r.status;
      }, [ids.baby, csrf, new Date(end - 10 * 60_000).toISOString(), new Date(end).toISOString()]);
      assert.equal(status, 201);
    }, { independent: true });
    await pages(owner, [
      {
        name: '/ (Today) while waiting after a feed',
        path: () => '/',
        prepare: async (p) => {
          assert.equal(await p.locator('section.verdict').getAttribute('data-verdict'), 'wait');
        },
      },
    ]);

    // Today under seek_care (38.0 °C under 3 months) with the doctor's number: the what-to-do
    // words and the tap-to-call link.
    await step("store the doctor's number and log 38.0 °C", async () => {
      const csrf = await csrfOf(owner);
      const status = await owner.evaluate(async ([baby, token, at]) => {
        const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': token };
        const { id, created, updated, conditions_noted, ...profile } = await (await fetch(`/api/v1/babies/${baby}`)).json();
        const put = await fetch(`/api/v1/babies/${baby}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ ...profile, doctor_phone: '01 23 45 67 89' }),
        });
        const log = await fetch(`/api/v1/babies/${baby}/events`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ kind: 'temperature', at, celsius: 38.0 }),
        });
        return [put.status, log.status];
      }, [ids.baby, csrf, new Date(Date.now() - 60_000).toISOString()]);
      assert.deepEqual(status, [200, 201]);
    }, { independent: true });
    await pages(owner, [
      {
        name: '/ (Today) under seek_care, with a call link',
        path: () => '/',
        prepare: async (p) => {
          assert.equal(await p.locator('section.verdict').getAttribute('data-verdict'), 'seek_care');
          assert.equal(await p.locator('a[href="tel:0123456789"]').count(), 1);
        },
      },
    ]);
  } finally {
    for (const c of [anonContext, ownerContext]) await c.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

/** A violation list, readable: rule, impact, help, link, and the first three elements. */
function explain(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 3).map((n) => [
      `    target: ${n.target.join(' ')}`,
      `    html:   ${n.html}`,
      `    ${String(n.failureSummary || '').replace(/\n/g, '\n    ')}`,
    ].join('\n'));
    const more = v.nodes.length > 3 ? `\n    … and ${v.nodes.length - 3} more element(s)` : '';
    return `- ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${nodes.join('\n')}${more}`;
  }).join('\n');
}
