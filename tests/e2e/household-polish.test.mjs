// An invited grandparent, from the link to leaving again, on a phone in light and dark: the
// join page names the household and who invited, joining ends on a welcome, leaving asks
// first in words that name the household and ends on a page that says what now. The owner
// shares the link (the share sheet, or a copy without one), picks a theme and sees the
// choice pressed, and signs out to a page that says so. Signed-out pages follow the night.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper, watchPage } from './lib/browser.mjs';
import { setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THEMES = ['light', 'dark'];

/** A zone whose local hour now is in `hours` (a predicate). */
function zoneWhere(hours) {
  const zones = ['Pacific/Kiritimati', 'Pacific/Auckland', 'Asia/Tokyo', 'Asia/Kolkata', 'Europe/Paris',
    'America/Sao_Paulo', 'America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu'];
  const hour = (z) => Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: z }).format(new Date()));
  const z = zones.find((x) => hours(hour(x)));
  assert.ok(z, 'a zone with that hour');
  return z;
}

test('household polish: a grandparent joins, is welcomed, leaves after confirming', { timeout: 300_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-household-polish-');
  const server = await startServer();
  const base = server.url;
  const ownerCtx = await phoneContext(browser);
  const granCtx = await phoneContext(browser);
  const owner = await ownerCtx.newPage();
  const gran = await granCtx.newPage();
  const problems = [...[owner, gran].map(watchPage)];
  const step = stepper(t, {
    onFail: async (name) => {
      const slug = name.replace(/\W+/g, '-').slice(0, 50);
      for (const [who, p] of [['owner', owner], ['gran', gran]]) {
        if (p.url() !== 'about:blank') await screenshot(p, `fail-household-polish-${slug}-${who}.png`, { fullPage: true });
      }
    },
  });
  const s = {};

  /** Sets the theme of a page's context, as the account's choice does. */
  async function theme(page, which) {
    await page.context().addCookies([{ name: 'soothe_theme', value: which, url: base }]);
    await page.emulateMedia({ colorScheme: which });
  }

  /** Runs axe on the page as it is. */
  async function axe(page, what) {
    await page.evaluate(AXE);
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    const explain = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`).join('\n');
    assert.equal(result.violations.length, 0, `axe on ${what}:\n${explain}`);
  }

  /** Opens a page in light and in dark, with axe on each. */
  async function bothThemes(page, path, check) {
    for (const which of THEMES) {
      await theme(page, which);
      await page.goto(`${base}${path}`);
      assert.equal(await page.evaluate(() => document.documentElement.className), which);
      if (check) await check(page, which);
      await axe(page, `${path} (${which})`);
    }
  }

  try {
    await step('the owner makes an invitation and shares it (a copy without a share sheet)', async () => {
      // No share sheet here (as on most desktops): the button copies.
      await ownerCtx.addInitScript(() => { delete Navigator.prototype.share; });
      await ownerCtx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      s.owner = await setup(owner, base);
      await owner.goto(`${base}/household`);
      await owner.getByLabel('They can').selectOption('viewer');
      await owner.getByRole('button', { name: 'Make an invitation link' }).click();
      s.link = (await owner.locator('#invite-link').textContent()).trim();
      assert.ok(s.link.startsWith(`${base}/join/`), s.link);
      const share = owner.getByRole('button', { name: 'Share the link' });
      await share.waitFor();
      await share.click();
      await owner.locator('#toast', { hasText: 'Copied.' }).waitFor();
      assert.equal(await owner.evaluate(() => navigator.clipboard.readText()), s.link);
    });

    await step('with a share sheet, Share hands it the household and the link', async () => {
      const page = await ownerCtx.newPage();
      await page.addInitScript(() => {
        Navigator.prototype.share = function (data) { window.sharedWith = data; return Promise.resolve(); };
      });
      // The link is shown once, when made: make another.
      await page.goto(`${base}/household`);
      await page.getByRole('button', { name: 'Make an invitation link' }).click();
      const link = (await page.locator('#invite-link').textContent()).trim();
      await page.getByRole('button', { name: 'Share the link' }).click();
      const shared = await page.evaluate(() => window.sharedWith);
      assert.equal(shared.url, link);
      assert.match(shared.title, /The Martins/);
      await page.close();
    });

    await step('the join page names the household and who invited, in light and dark', async () => {
      await bothThemes(gran, `/join/${s.link.split('/join/')[1]}`, async (page, which) => {
        const main = await page.locator('main').textContent();
        assert.match(await page.locator('h1').textContent(), /Join The Martins/);
        assert.match(main, new RegExp(`${s.owner.displayName} invited you to The Martins on soothe\\.`));
        assert.match(main, /soothe is a calm companion for baby massage/);
        assert.match(main, /You are invited as\s*viewer/);
        await screenshot(page, `join-page-${which}.png`, { fullPage: true });
      });
      await screenshot(gran, 'join-page.png', { fullPage: true });
    });

    await step('joining ends on a welcome that names the household', async () => {
      await theme(gran, 'light');
      await gran.goto(s.link);
      await gran.fill('#display_name', 'Granny Jo');
      await gran.fill('#email', 'jo@example.org');
      await gran.fill('#password', 'tea and biscuits 2026');
      await Promise.all([
        gran.waitForURL((u) => u.pathname === '/welcome'),
        gran.getByRole('button', { name: 'Join', exact: true }).click(),
      ]);
      await bothThemes(gran, '/welcome', async (page) => {
        assert.equal((await page.locator('h1').textContent()).trim(), 'Welcome to The Martins, Granny Jo');
        assert.match(await page.locator('main').textContent(), /Your role: viewer\./);
        await page.getByRole('link', { name: 'Go to Today' }).waitFor();
      });
    });

    await step('leaving asks first, naming the household, and Cancel keeps everything', async () => {
      for (const which of THEMES) {
        await theme(gran, which);
        await gran.goto(`${base}/household`);
        await gran.getByRole('button', { name: 'Leave this household' }).click();
        assert.equal((await gran.locator('h1').textContent()).trim(), 'Leave The Martins?');
        assert.match(await gran.locator('main').textContent(), /What you logged stays in its journal/);
        await axe(gran, `the leave confirmation (${which})`);
      }
      await gran.getByRole('link', { name: /Cancel/ }).click();
      await gran.waitForURL((u) => u.pathname === '/household');
      assert.equal((await gran.locator('h1').textContent()).trim(), 'The Martins');
    });

    await step('confirmed: out, and a calm page says what now', async () => {
      await gran.getByRole('button', { name: 'Leave this household' }).click();
      await Promise.all([
        gran.waitForURL((u) => u.pathname === '/no-household'),
        gran.getByRole('button', { name: 'Leave The Martins' }).click(),
      ]);
      assert.equal((await gran.locator('h1').textContent()).trim(), 'You left The Martins.');
      const main = await gran.locator('main').textContent();
      assert.match(main, /You're signed out/);
      assert.match(main, /new invitation link/);
      await gran.getByRole('button', { name: 'Make my household' }).waitFor();
      await gran.getByRole('link', { name: 'Sign in' }).waitFor();
      await axe(gran, 'the page after leaving (dark)');
      await screenshot(gran, 'after-leaving.png', { fullPage: true });
      // The owner no longer sees her.
      await owner.goto(`${base}/household`);
      assert.doesNotMatch(await owner.locator('main').textContent(), /jo@example\.org/);
      // Signing in again shows the same choices, not a refusal.
      await theme(gran, 'light');
      await gran.goto(`${base}/signin`);
      await gran.fill('#email', 'jo@example.org');
      await gran.fill('#password', 'tea and biscuits 2026');
      await gran.getByRole('button', { name: 'Sign in' }).click();
      await gran.locator('h1', { hasText: 'Your account has no household' }).waitFor();
      await axe(gran, 'signing in with no household (light)');
    });

    await step('the theme buttons show the current choice', async () => {
      await owner.goto(`${base}/account`);
      for (const [name, value] of [['Dark', 'dark'], ['Light', 'light'], ['Automatic (dark at night)', 'auto']]) {
        await owner.getByRole('button', { name, exact: true }).click();
        await owner.waitForURL((u) => u.pathname === '/account');
        for (const other of ['Dark', 'Light', 'Automatic (dark at night)']) {
          assert.equal(
            await owner.getByRole('button', { name: other, exact: true }).getAttribute('aria-pressed'),
            String(other === name),
            `${other} after choosing ${name}`,
          );
        }
        const cls = await owner.evaluate(() => document.documentElement.className);
        if (value !== 'auto') assert.equal(cls, value);
      }
    });

    await step('signing out says so', async () => {
      await owner.goto(`${base}/account`);
      await Promise.all([
        owner.waitForURL((u) => u.pathname === '/signin'),
        owner.getByRole('button', { name: 'Sign out' }).click(),
      ]);
      assert.equal((await owner.getByRole('status').filter({ hasText: 'signed out' }).textContent()).trim(), "You're signed out.");
      await axe(owner, 'the sign-in page after signing out');
      await owner.reload();
      assert.equal(await owner.getByText("You're signed out.").count(), 0, 'said once');
    });

    await step('signed-out pages are dark at night by the browser\'s clock, and light by day', async () => {
      for (const [zone, dark] of [[zoneWhere((h) => h >= 22 || h < 6), true], [zoneWhere((h) => h >= 9 && h < 18), false]]) {
        const ctx = await phoneContext(browser, { timezoneId: zone });
        const page = await ctx.newPage();
        for (const path of ['/signin', `/join/${s.link.split('/join/')[1]}`, '/no-household']) {
          await page.goto(`${base}${path}`);
          await page.waitForFunction(() => document.cookie.includes('soothe_zone='));
          const cls = await page.evaluate(() => document.documentElement.className);
          assert.equal(cls.includes('dark'), dark, `${path} in ${zone}: "${cls}"`);
          // The server picks the same from the zone the browser reported.
          const html = await (await ctx.request.get(`${base}${path}`)).text();
          assert.equal(html.includes('class="dark"'), dark, `${path} from the server in ${zone}`);
          if (dark) await axe(page, `${path} at night`);
        }
        await ctx.close();
      }
    });

    await step('no script errors', async () => {
      assert.deepEqual(problems.flat(), []);
    }, { independent: true });
  } finally {
    await browser.close();
    await server.stop();
  }
});
