// A few security properties seen from the browser: the session cookie's flags, forms without
// the CSRF token are refused, the Content-Security-Policy allows no inline code, and the
// family's pages make no request outside soothe's own origin.

import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, phoneContext, stepper } from './lib/browser.mjs';
import { babies, csrfOf, events, setup } from './lib/soothe.mjs';

const PLAY = '/massage/play?routine=full-body&state=quiet_alert&oil=none';

test('security: cookies, CSRF, CSP and no outside requests', { timeout: 240_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const refused = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  const step = stepper(t);
  const s = {};

  try {
    await step('the session cookie is HttpOnly and SameSite=Lax', async () => {
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${base}/setup` && r.request().method() === 'POST'),
        setup(page, base),
      ]);
      const setCookie = (await res.headersArray()).filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
      const session = setCookie.find((v) => v.startsWith('soothe_session='));
      assert.ok(session, `setup sets the session cookie (got: ${setCookie.join(' | ')})`);
      assert.match(session, /;\s*HttpOnly/i);
      assert.match(session, /;\s*SameSite=Lax/i);
      assert.match(session, /;\s*Path=\//);
      const jar = (await context.cookies(base)).find((c) => c.name === 'soothe_session');
      assert.ok(jar, 'the browser keeps the session cookie');
      assert.equal(jar.httpOnly, true);
      assert.equal(jar.sameSite, 'Lax');
      assert.equal(await page.evaluate(() => document.cookie.includes('soothe_session')), false, 'scripts cannot read it');
      s.baby = (await babies(page))[0];
    });

    await step('a form posted without its CSRF token is refused with 403', async () => {
      const form = { baby: s.baby.id, kind: 'nappy', action: 'log', contents: 'wet' };
      const none = await page.request.post(`${base}/log`, { form, maxRedirects: 0 });
      assert.equal(none.status(), 403, 'no csrf field');
      const wrong = await page.request.post(`${base}/log`, { form: { ...form, csrf: 'not-the-token-0123456789' }, maxRedirects: 0 });
      assert.equal(wrong.status(), 403, 'a wrong csrf field');
      const babyForm = await page.request.post(`${base}/babies`, { form: { name: 'Intruder', born: '2026-10-01' }, maxRedirects: 0 });
      assert.equal(babyForm.status(), 403, 'a new baby without csrf');
      // The JSON API with the session cookie needs the X-CSRF-Token header for writes.
      const api = await page.request.post(`${base}/api/v1/babies/${s.baby.id}/events`, {
        data: { kind: 'nappy', at: new Date().toISOString(), contents: 'wet' },
        maxRedirects: 0,
      });
      assert.equal(api.status(), 403, 'an API write with the cookie but no X-CSRF-Token');
      assert.equal((await events(page, s.baby.id, 'nappy')).length, 0, 'nothing was stored');
      assert.equal((await babies(page)).length, 1, 'no baby was added');
      // With the token, the same form works (the refusals were about the token).
      const ok = await page.request.post(`${base}/log`, { form: { ...form, csrf: await csrfOf(page) }, maxRedirects: 0 });
      assert.equal(ok.status(), 303);
      assert.equal((await events(page, s.baby.id, 'nappy')).length, 1);
    });

    await step('the Content-Security-Policy allows no inline code', async () => {
      for (const path of ['/', '/journal', PLAY, '/signin', '/assets/app.js', '/manifest.webmanifest', '/api/v1/babies']) {
        const res = await page.request.get(`${base}${path}`, { maxRedirects: 0 });
        const csp = res.headers()['content-security-policy'];
        assert.ok(csp, `${path} has a CSP header`);
        assert.doesNotMatch(csp, /unsafe-inline/, `${path}: ${csp}`);
        assert.doesNotMatch(csp, /unsafe-eval/, `${path}: ${csp}`);
        assert.match(csp, /script-src 'self'(;|$)/, `${path}: scripts only from soothe`);
        assert.match(csp, /default-src 'none'/, `${path}: nothing by default`);
        assert.match(csp, /frame-ancestors 'none'/, `${path}: not in frames`);
      }
    });

    await step('the family pages make no request outside soothe', async () => {
      requests.length = 0;
      for (const path of ['/', '/journal', '/journal/new?kind=feeding', '/massage',
        '/massage?routine=full-body&state=quiet_alert&oil=none', '/routines', '/routines/full-body',
        '/evidence', '/oils', '/household', '/account', '/babies/new', '/offline']) {
        await page.goto(`${base}${path}`);
        await page.waitForLoadState('load');
      }
      await page.goto(`${base}${PLAY}`);
      await page.click('#btn-start');
      await page.waitForFunction(() => window.sootheDebug.engine.view().clock >= 1, null, { timeout: 10_000 });
      await page.click('button[data-cue="looks_away"]');
      await page.click('#btn-stop');
      await page.getByRole('button', { name: 'Save to the journal' }).click();
      await page.locator('#journal-link').waitFor({ state: 'visible' });
      await page.goto(`${base}/journal`);
      await page.waitForTimeout(500); // the service worker's install fetches
      assert.ok(requests.length > 10, 'requests were seen');
      const outside = requests.filter((u) => !(u.startsWith(`${server.origin}/`) || u === server.origin || u.startsWith('data:')));
      assert.deepEqual(outside, [], 'every request goes to soothe itself');
      assert.deepEqual(refused, [], 'nothing was refused by the CSP');
    });
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});
