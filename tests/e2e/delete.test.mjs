// Deleting a baby on a phone: the owner opens the baby's profile, asks to delete, and is
// asked to type the baby's name; a wrong name is refused naming the field and deletes
// nothing; the right one deletes the baby and its journal, which are then gone from the
// household page, the baby switcher and the journal. The confirm page passes axe in light
// and dark, and says that backups keep the data until they are replaced.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, daysAgo, inZone, launch, phoneContext, screenshot, stepper, toMinute, watchPage } from './lib/browser.mjs';
import { babies, events, setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const MIN = 60_000;

test('delete: an owner deletes a baby after typing its name', { timeout: 300_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-delete-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const problems = watchPage(page);
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `fail-delete-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const s = {};

  async function axe(what) {
    await page.evaluate(AXE);
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    const explain = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`).join('\n');
    assert.equal(result.violations.length, 0, `axe on ${what}:\n${explain}`);
  }

  /** Opens the confirm page from the baby's profile. */
  async function askToDelete() {
    await page.goto(`${base}/babies/${s.noe}/edit`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/babies/${s.noe}/delete`),
      page.getByRole('button', { name: "Delete this baby's profile and journal" }).click(),
    ]);
  }

  try {
    await step('an owner with two babies logs a feed for the second', async () => {
      s.owner = await setup(page, base);
      await page.goto(`${base}/babies/new`);
      await page.fill('#name', 'Noé');
      await page.fill('#born', daysAgo(40));
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/'),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      s.noe = (await babies(page)).find((b) => b.name === 'Noé').id;
      const end = toMinute(Date.now() - 20 * MIN);
      s.feedDay = inZone(end.getTime() - 15 * MIN).date;
      await page.goto(`${base}/journal/new?kind=feeding`);
      await page.fill('#start', inZone(end.getTime() - 15 * MIN).local);
      await page.fill('#end', inZone(end).local);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/journal'),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      assert.equal((await events(page, s.noe, 'feeding')).length, 1);
    });

    await step('the confirm page asks for the name and passes axe in light and dark', async () => {
      for (const which of ['light', 'dark']) {
        await page.context().addCookies([{ name: 'soothe_theme', value: which, url: base }]);
        await page.emulateMedia({ colorScheme: which });
        await askToDelete();
        assert.match(await page.locator('h1').textContent(), /Delete Noé’s profile and journal\?|Delete Noé's profile and journal\?/);
        const main = await page.locator('main').textContent();
        assert.match(main, /Backups of this soothe made before now still hold it/);
        assert.equal(await page.getByLabel("Type the baby's name, Noé, to confirm").count(), 1);
        await axe(`the confirm page (${which})`);
        await screenshot(page, `delete-baby-confirm-${which}.png`, { fullPage: true });
      }
    });

    await step('a wrong name is refused, naming the field, and the baby stays', async () => {
      await askToDelete();
      await page.getByLabel("Type the baby's name, Noé, to confirm").fill('Noe');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${base}/babies/${s.noe}/delete` && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Delete Noé and the journal' }).click(),
      ]);
      assert.equal(res.status(), 422);
      await page.waitForLoadState();
      assert.match(await page.locator('#confirm-err').textContent(), /does not match/);
      assert.match(await page.locator('#form-errors').textContent(), /Typed to confirm/);
      assert.equal(await page.getAttribute('#confirm', 'aria-invalid'), 'true');
      assert.equal(await page.inputValue('#confirm'), 'Noe', 'what was typed is kept');
      await axe('the refused confirm page');
      assert.deepEqual((await babies(page)).map((b) => b.name).sort(), ['Léa', 'Noé']);
      assert.equal((await events(page, s.noe, 'feeding')).length, 1, 'the journal is kept');
    });

    await step('the right name deletes the baby: gone from the household and the journal', async () => {
      await page.getByLabel("Type the baby's name, Noé, to confirm").fill('Noé');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/household'),
        page.getByRole('button', { name: 'Delete Noé and the journal' }).click(),
      ]);
      assert.match(await page.locator('main p.ok[role=status]').textContent(), /Noé’s profile and journal were deleted\.|Noé's profile and journal were deleted\./);
      const listed = await page.locator('main section.card').first().textContent();
      assert.doesNotMatch(listed, /Noé/);
      assert.match(listed, /Léa/);
      assert.deepEqual((await babies(page)).map((b) => b.name), ['Léa']);
      const gone = await page.evaluate(async (id) => (await fetch(`/api/v1/babies/${id}/events`)).status, s.noe);
      assert.equal(gone, 404);
      await page.goto(`${base}/journal?day=${s.feedDay}`);
      assert.doesNotMatch(await page.locator('body').textContent(), /Noé/);
      assert.equal(await page.locator('li.ev.k-feeding').count(), 0, "no feed of Noé's in the journal");
      assert.equal((await page.goto(`${base}/babies/${s.noe}/edit`)).status(), 404);
      assert.deepEqual(problems.filter((p) => !/status of (404|422)/.test(p)), []);
    });
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});
