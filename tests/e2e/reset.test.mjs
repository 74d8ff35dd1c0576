// A forgotten password: the owner makes a one-time reset link for a grandparent on the
// household page, the grandparent opens it on their own phone, chooses a new password, is
// signed in afresh, and signs in with it later; the used link then says calmly what to do.
// Every page of the way at 390×844, in light and dark, passes axe.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper } from './lib/browser.mjs';
import { setup, signIn } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THEMES = ['light', 'dark'];

/** Runs axe on the page as it is, in `theme` (the theme cookie and the system's scheme). */
async function axeClean(page, theme, what) {
  const cls = await page.evaluate(() => document.documentElement.className);
  assert.equal(cls, theme, `${what}: the ${theme} theme is applied`);
  await page.evaluate(AXE);
  const { violations } = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  const explain = violations.map((v) => `- ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.html).join('\n    ')}`).join('\n');
  assert.equal(violations.length, 0, `axe on ${what} (${theme}):\n${explain}`);
}

async function useTheme(page, base, theme) {
  await page.context().addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
  await page.emulateMedia({ colorScheme: theme });
}

test('reset: an owner makes a reset link, the member sets a new password and signs in', { timeout: 300_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-reset-');
  const server = await startServer();
  const base = server.url;
  const ownerCtx = await phoneContext(browser);
  const granCtx = await phoneContext(browser);
  const owner = await ownerCtx.newPage();
  const gran = await granCtx.newPage();
  const step = stepper(t, {
    onFail: async (name) => {
      const slug = name.replace(/\W+/g, '-').slice(0, 50);
      for (const [who, p] of [['owner', owner], ['gran', gran]]) {
        if (p.url() !== 'about:blank') await screenshot(p, `fail-reset-${slug}-${who}.png`, { fullPage: true });
      }
    },
  });
  const s = {};

  try {
    await step('the owner sets up and a grandparent joins by invitation', async () => {
      s.owner = await setup(owner, base);
      await owner.goto(`${base}/household`);
      await owner.selectOption('#role', 'caregiver');
      await Promise.all([
        owner.waitForURL((u) => u.pathname === '/household/invitations'),
        owner.getByRole('button', { name: 'Make an invitation link' }).click(),
      ]);
      const link = (await owner.locator('#invite-link').textContent()).trim();
      await gran.goto(link);
      await gran.fill('#display_name', 'Granny Rose');
      await gran.fill('#email', 'rose@example.org');
      await gran.fill('#password', 'roses are lovely');
      await Promise.all([
        gran.waitForURL((u) => u.pathname === '/welcome'),
        gran.getByRole('button', { name: 'Join', exact: true }).click(),
      ]);
    });

    await step('the owner makes a reset link for the grandparent (light and dark, axe)', async () => {
      for (const theme of THEMES) {
        await useTheme(owner, base, theme);
        await owner.goto(`${base}/household`);
        const button = owner.getByRole('button', { name: 'Make a password reset link for Granny Rose' });
        assert.equal(await button.count(), 1, 'one reset button, named for the member');
        // None for the owner's own row.
        assert.equal(await owner.getByRole('button', { name: `Make a password reset link for ${s.owner.displayName}` }).count(), 0);
        await Promise.all([
          owner.waitForURL((u) => /^\/household\/members\/\d+\/reset-link$/.test(u.pathname)),
          button.click(),
        ]);
        const text = await owner.locator('main').textContent();
        assert.match(text, /A password reset link for Granny Rose is ready/);
        assert.match(text, /It works once, until/);
        s.link = (await owner.locator('#reset-link').textContent()).trim();
        assert.match(s.link, new RegExp(`^${base.replace(/[.]/g, '\\.')}/reset/reset_[0-9a-f]{64}$`));
        await owner.getByRole('button', { name: 'Copy link' }).waitFor();
        await axeClean(owner, theme, 'the reset link page');
        await screenshot(owner, `reset-link-${theme}.png`);
      }
    });

    await step('the grandparent opens the link and sees the reset page (light and dark, axe)', async () => {
      await granCtx.clearCookies();
      for (const theme of THEMES) {
        await useTheme(gran, base, theme);
        const res = await gran.goto(s.link);
        assert.equal(res.status(), 200);
        assert.match(await gran.locator('main').textContent(), /For Granny Rose \(rose@example\.org\)/);
        await axeClean(gran, theme, 'the reset page');
        await screenshot(gran, `reset-page-${theme}.png`);
      }
    });

    await step('two different passwords are refused, in words, next to the field', async () => {
      await gran.fill('#password', 'a rose by any name');
      await gran.fill('#password_again', 'a rose by another name');
      await gran.getByRole('button', { name: 'Save the new password' }).click();
      await gran.locator('#password_again-err').waitFor();
      assert.match(await gran.locator('#password_again-err').textContent(), /the two passwords are not the same/);
      await axeClean(gran, 'dark', 'the reset page with an error');
    });

    await step('the new password is saved and the grandparent is signed in', async () => {
      await gran.fill('#password', 'a rose by any name');
      await gran.fill('#password_again', 'a rose by any name');
      await Promise.all([
        gran.waitForURL((u) => u.pathname === '/reset/done'),
        gran.getByRole('button', { name: 'Save the new password' }).click(),
      ]);
      for (const theme of THEMES) {
        await useTheme(gran, base, theme);
        await gran.reload();
        assert.match(await gran.locator('main').textContent(), /Your new password is set, and you are signed in/);
        await axeClean(gran, theme, 'the reset done page');
      }
      await Promise.all([
        gran.waitForURL((u) => u.pathname === '/'),
        gran.getByRole('link', { name: 'Go to Today' }).click(),
      ]);
    });

    await step('later, on another phone, the new password signs in', async () => {
      const ctx = await phoneContext(browser);
      try {
        const p = await ctx.newPage();
        await signIn(p, base, 'rose@example.org', 'a rose by any name');
        assert.equal(new URL(p.url()).pathname, '/');
      } finally {
        await ctx.close();
      }
    });

    await step('the used link says so calmly, with a way on (light and dark, axe)', async () => {
      const ctx = await phoneContext(browser);
      try {
        const p = await ctx.newPage();
        for (const theme of THEMES) {
          await useTheme(p, base, theme);
          const res = await p.goto(s.link);
          assert.equal(res.status(), 410);
          const text = await p.locator('main').textContent();
          assert.match(text, /This link cannot be used/);
          assert.match(text, /has already been used/);
          assert.match(text, /Nothing has changed/);
          await p.getByRole('link', { name: 'Back to sign in' }).waitFor();
          await axeClean(p, theme, 'the used link page');
        }
      } finally {
        await ctx.close();
      }
    });

    await step('the sign-in page leads to "Forgot your password?" (light and dark, axe)', async () => {
      const ctx = await phoneContext(browser);
      try {
        const p = await ctx.newPage();
        for (const theme of THEMES) {
          await useTheme(p, base, theme);
          await p.goto(`${base}/signin`);
          await Promise.all([
            p.waitForURL((u) => u.pathname === '/forgot'),
            p.getByRole('link', { name: 'Forgot your password?' }).click(),
          ]);
          const text = await p.locator('main').textContent();
          // This server sends no email: the page says who can help.
          assert.match(text, /An owner of your household can also make you a reset link/);
          assert.equal(await p.locator('form[action="/forgot"]').count(), 0);
          await axeClean(p, theme, 'the forgot page');
        }
      } finally {
        await ctx.close();
      }
    });
  } finally {
    for (const c of [ownerCtx, granCtx]) await c.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});
