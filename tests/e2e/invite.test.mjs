// Sharing a household: the owner invites a caregiver and a viewer by link; each opens it in
// their own browser, makes an account and sees the same baby. The caregiver logs, the
// viewer can only look (and is refused when posting anyway).

import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper, until } from './lib/browser.mjs';
import { babies, csrfOf, events, setup, tile } from './lib/soothe.mjs';

test('invite: a caregiver and a viewer join the household', { timeout: 240_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-invite-');
  const server = await startServer();
  const base = server.url;
  const ctxA = await phoneContext(browser);
  const ctxB = await phoneContext(browser);
  const ctxC = await phoneContext(browser);
  const owner = await ctxA.newPage();
  const carer = await ctxB.newPage();
  const viewer = await ctxC.newPage();
  const step = stepper(t, {
    onFail: async (name) => {
      const slug = name.replace(/\W+/g, '-').slice(0, 50);
      for (const [who, p] of [['owner', owner], ['caregiver', carer], ['viewer', viewer]]) {
        if (p.url() !== 'about:blank') await screenshot(p, `fail-invite-${slug}-${who}.png`, { fullPage: true });
      }
    },
  });
  const s = {};

  try {
    await step('the owner sets up and makes a caregiver invitation', async () => {
      s.owner = await setup(owner, base);
      s.baby = (await babies(owner))[0];
      s.caregiverLink = await invite(owner, base, 'caregiver');
      assert.ok(s.caregiverLink.startsWith(`${base}/join/`), `the link points at this server: ${s.caregiverLink}`);
      // The open invitation is listed, with its role.
      assert.match(await owner.locator('main').textContent(), /caregiver · until/);
    });

    await step('the caregiver opens the link, makes an account and sees the baby', async () => {
      await carer.goto(s.caregiverLink);
      assert.match(await carer.locator('main').textContent(), /You are invited as\s*caregiver/);
      await carer.fill('#display_name', 'Sam Martin');
      await carer.fill('#email', 'sam@example.org');
      await carer.fill('#password', 'grandpa likes tea');
      await Promise.all([
        carer.waitForURL((u) => u.pathname === '/welcome'),
        carer.getByRole('button', { name: 'Join', exact: true }).click(),
      ]);
      await carer.goto(`${base}/`);
      assert.equal((await carer.locator('header .who').textContent()).trim(), s.owner.babyName);
      await carer.locator('section[aria-labelledby="log-title"]').waitFor();
      await carer.goto(`${base}/household`);
      const members = await carer.locator('main').textContent();
      assert.match(members, /Sam Martin/);
      assert.match(members, /sam@example\.org · caregiver/);
      assert.match(members, new RegExp(`${s.owner.email.replace('.', '\\.')} · owner`));
      // A used link does not work twice.
      await ctxC.clearCookies();
      await viewer.goto(s.caregiverLink);
      assert.equal(await viewer.locator('#email').count(), 0, 'no join form on a used invitation');
      assert.match(await viewer.locator('main').textContent(), /Please check/);
    });

    await step('the caregiver logs a dirty nappy and the owner sees it in the journal', async () => {
      await carer.goto(`${base}/`);
      const before = Number(await tile(carer, 'Nappies'));
      await carer.locator('summary.tile', { hasText: 'Nappy' }).click();
      await carer.getByRole('button', { name: 'Dirty', exact: true }).click();
      await until(async () => Number(await tile(carer, 'Nappies')) === before + 1, { message: 'the Nappies tile to count the nappy' });
      await owner.goto(`${base}/journal`);
      const line = owner.locator('li.ev.k-nappy');
      assert.equal(await line.count(), 1, 'the owner sees one nappy');
      assert.match(await line.textContent(), /Nappy/);
      assert.match(await line.textContent(), /dirty/);
    }, { independent: true });

    await step('the owner invites a viewer, who joins and sees the baby but no log buttons', async () => {
      s.viewerLink = await invite(owner, base, 'viewer');
      await ctxC.clearCookies();
      await viewer.goto(s.viewerLink);
      assert.match(await viewer.locator('main').textContent(), /You are invited as\s*viewer/);
      await viewer.fill('#display_name', 'Aunt Jo');
      await viewer.fill('#email', 'jo@example.org');
      await viewer.fill('#password', 'just looking, thanks');
      await Promise.all([
        viewer.waitForURL((u) => u.pathname === '/welcome'),
        viewer.getByRole('button', { name: 'Join', exact: true }).click(),
      ]);
      await viewer.goto(`${base}/`);
      assert.equal((await viewer.locator('header .who').textContent()).trim(), s.owner.babyName);
      await viewer.locator('section.verdict').waitFor();
      assert.equal(await viewer.locator('section[aria-labelledby="log-title"]').count(), 0, 'no Log section');
      assert.equal(await viewer.locator('form[action="/log"]').count(), 0, 'no quick-log form');
      for (const name of ['Start feed', 'Fell asleep', 'Crying']) {
        assert.equal(await viewer.getByRole('button', { name }).count(), 0, `no "${name}" button`);
      }
      await viewer.goto(`${base}/journal`);
      assert.equal(await viewer.getByRole('link', { name: /^Edit/ }).count(), 0, 'no Edit links for a viewer');
      assert.equal(await viewer.getByRole('link', { name: 'Add to the journal' }).count(), 0);
      await screenshot(viewer, 'viewer-today.png');
    });

    await step('a viewer posting a quick log anyway is refused with 403', async () => {
      await viewer.goto(`${base}/`);
      const csrf = await csrfOf(viewer);
      assert.ok(csrf, 'the page carries a CSRF token');
      const before = (await events(viewer, s.baby.id, 'nappy')).length;
      const res = await viewer.request.post(`${base}/log`, {
        form: { csrf, baby: s.baby.id, kind: 'nappy', action: 'log', contents: 'wet' },
        maxRedirects: 0,
      });
      assert.equal(res.status(), 403);
      const body = await res.text();
      assert.match(body, /Viewers can read the journal but not add to it/);
      // From the page's own script too (what a tampered page would do).
      const fromPage = await viewer.evaluate(async ([baby, token]) => {
        const r = await fetch('/log', {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ csrf: token, baby, kind: 'feeding', action: 'start' }).toString(),
          redirect: 'manual',
        });
        return r.status;
      }, [s.baby.id, csrf]);
      assert.equal(fromPage, 403);
      assert.equal((await events(viewer, s.baby.id, 'nappy')).length, before, 'nothing was stored');
      assert.equal((await events(viewer, s.baby.id, 'feeding')).length, 0, 'nothing was stored');
    });
  } finally {
    for (const c of [ctxA, ctxB, ctxC]) await c.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

/** Makes an invitation on /household and returns its link from #invite-link. */
async function invite(page, base, role) {
  await page.goto(`${base}/household`);
  await page.selectOption('#role', role);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/household/invitations'),
    page.getByRole('button', { name: 'Make an invitation link' }).click(),
  ]);
  const link = (await page.locator('#invite-link').textContent()).trim();
  assert.match(link, /^http:\/\/[^/]+\/join\/\S+$/);
  return link;
}
