// Units the family uses, on a phone (390×844), light and dark: a household in New York
// starts in US units; a reading of 100.4 °F from Today's sheet and a weight of 8 lb 6 oz from
// the journal's form are kept in °C and kg with the unit as entered, and the journal and
// Today show them as °F and lb oz; a reading refused in °F names the field by its label and
// gives the range in °F; a household in Paris sees °C. Every page checked is axe clean.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper, until, watchPage } from './lib/browser.mjs';
import { babies, events, setup, tile } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe on the page as it is, in both themes (the theme cookie, then a reload). */
async function axeClean(page, base, what) {
  for (const theme of ['light', 'dark']) {
    await page.context().addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
    await page.emulateMedia({ colorScheme: theme });
    await page.reload();
    await page.evaluate(AXE);
    const r = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    const said = r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
    assert.equal(r.violations.length, 0, `axe on ${what} (${theme}):\n${said.join('\n')}`);
  }
}

const mainText = async (page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

test('units: a US household logs in °F and lb oz, a metric one sees °C', { timeout: 300_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-units-');
  const us = await startServer();
  const eu = await startServer();
  const context = await phoneContext(browser, { timezoneId: 'America/New_York', locale: 'en-US' });
  const page = await context.newPage();
  const problems = watchPage(page);
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `fail-units-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const s = {};

  try {
    await step('a New York household starts in US units', async () => {
      await setup(page, us.url, { timeZone: 'America/New_York' });
      s.baby = (await babies(page))[0].id;
      await page.goto(`${us.url}/household/settings`);
      assert.equal(await page.locator('#units').inputValue(), 'us');
      await page.goto(`${us.url}/`);
      await page.locator('summary', { hasText: 'Temperature' }).click();
      assert.equal(await page.locator('#entered_unit').inputValue(), 'fahrenheit');
    });

    await step('Today takes 100.4 °F and keeps 38 °C with the unit', async () => {
      await page.getByLabel('Temperature', { exact: true }).fill('100.4');
      await page.getByRole('button', { name: 'Save temperature' }).click();
      await until(async () => (await events(page, s.baby, 'temperature')).length === 1, {
        message: 'the temperature to be stored',
      });
      const [temp] = await events(page, s.baby, 'temperature');
      assert.equal(temp.celsius, 38);
      assert.equal(temp.entered_unit, 'fahrenheit');
    });

    await step('the journal form takes 8 lb 6 oz and keeps kg with the unit', async () => {
      await page.goto(`${us.url}/journal/new?kind=weight`);
      assert.equal(await page.locator('#unit').inputValue(), 'lb');
      await page.locator('#value').fill('8');
      await page.locator('#oz').fill('6');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/journal'),
        page.getByRole('button', { name: 'Save', exact: true }).click(),
      ]);
      const [weight] = await events(page, s.baby, 'weight');
      assert.deepEqual([weight.value, weight.unit, weight.entered_unit], [3.799, 'kg', 'lb_oz']);
    });

    await step('the journal and Today show °F and lb oz', async () => {
      await page.goto(`${us.url}/journal`);
      const journal = await mainText(page);
      assert.match(journal, /100\.4 °F/);
      assert.match(journal, /8 lb 6 oz/);
      assert.doesNotMatch(journal, /°C|kg\b|lb_oz|fahrenheit|entered_unit/);
      await axeClean(page, us.url, 'the journal');
      await page.goto(`${us.url}/`);
      assert.equal(await tile(page, 'Temperature'), '100.4 °F');
      assert.equal(await tile(page, 'Weight'), '8 lb 6 oz');
      await axeClean(page, us.url, 'Today');
    });

    await step('a reading refused in °F names the field by its label, with the range in °F', async () => {
      await page.locator('summary', { hasText: 'Temperature' }).click();
      await page.getByLabel('Temperature', { exact: true }).fill('37.5');
      await page.getByRole('button', { name: 'Save temperature' }).click();
      const err = page.locator('#celsius-err');
      await err.waitFor();
      assert.equal((await err.innerText()).trim(), 'Temperature: 37.5 °F is outside 86–113 °F; check the reading and the unit');
      assert.equal((await events(page, s.baby, 'temperature')).length, 1, 'nothing stored');

      await page.goto(`${us.url}/journal/new?kind=temperature`);
      assert.equal(await page.locator('#entered_unit').inputValue(), 'fahrenheit');
      await page.locator('#celsius').fill('113.5');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.locator('#celsius-err').waitFor();
      assert.match(await page.locator('#celsius-err').innerText(), /^Temperature: 113\.5 °F is outside 86–113 °F/);
      assert.equal(await page.locator('#celsius').inputValue(), '113.5', 'what was typed stays');
      await screenshot(page, 'units-refused-fahrenheit.png', { fullPage: true });
    });

    await step('the edit form shows the weight as entered; the settings page is axe clean', async () => {
      const [weight] = await events(page, s.baby, 'weight');
      await page.goto(`${us.url}/events/${weight.id}/edit`);
      assert.equal(await page.locator('#value').inputValue(), '8');
      assert.equal(await page.locator('#oz').inputValue(), '6');
      await axeClean(page, us.url, 'the weight form');
      await page.goto(`${us.url}/household/settings`);
      await axeClean(page, us.url, 'the settings page');
    });

    await step('a household in Paris sees °C', async () => {
      const paris = await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: 'Europe/Paris' });
      const p = await paris.newPage();
      try {
        await setup(p, eu.url);
        const baby = (await babies(p))[0].id;
        await p.locator('summary', { hasText: 'Temperature' }).click();
        assert.equal(await p.locator('#entered_unit').inputValue(), 'celsius');
        await p.getByLabel('Temperature', { exact: true }).fill('37.2');
        await p.getByRole('button', { name: 'Save temperature' }).click();
        await until(async () => (await events(p, baby, 'temperature')).length === 1, { message: 'the reading' });
        await p.goto(`${eu.url}/journal`);
        const journal = await mainText(p);
        assert.match(journal, /37\.2 °C/);
        assert.doesNotMatch(journal, /°F/);
        await p.goto(`${eu.url}/`);
        assert.equal(await tile(p, 'Temperature'), '37.2 °C');
        await axeClean(p, eu.url, 'Today in Paris');
      } finally {
        await paris.close();
      }
    });

    // The two refusals answer 422 on purpose; anything else is a script error.
    assert.deepEqual(problems.filter((p) => !/status of 422/.test(p)), [], 'no script errors');
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await us.stop();
    await eu.stop();
  }
});
