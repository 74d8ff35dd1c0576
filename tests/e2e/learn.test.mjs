// Learn: the evidence page as an index of what parents ask (every claim under one topic, no
// two cards with the same title, each card keeping its grade's words), the "for my baby"
// filter (a baby born early sees the cards about babies born early, a baby born at term does
// not; it works without JavaScript, as a link), IAIM and Field's protocol defined beside
// their first mention, and the tab bar's icons (five distinct drawings, hidden from screen
// readers, each tab keeping its words), on a 390×844 phone, light and dark, axe clean.
// Screenshots: evidence-index-<theme>.png, evidence-for-<baby>-<theme>.png,
// evidence-define-<term>-<theme>.png, learn-tabs-<theme>.png.

import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { SCREENSHOTS, clearScreenshots, daysAgo, launch, phoneContext, screenshot, stepper } from './lib/browser.mjs';
import { apiGet, babies, csrfOf, setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THEMES = ['light', 'dark'];
const GRADES = ['High certainty', 'Moderate certainty', 'Low certainty', 'Very low certainty', 'No evidence found', 'Not supported'];

test('learn: the evidence index, the filter for my baby, the defined names and the tab icons', { timeout: 300_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('evidence-');
  clearScreenshots('learn-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `learn-fail-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const s = {};

  /** Opens `path` in `theme`: axe clean and nothing wider than the phone. */
  async function visit(path, theme) {
    await context.addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
    await page.emulateMedia({ colorScheme: theme });
    const res = await page.goto(`${base}${path}`);
    assert.ok(res.ok(), `${path} answers ${res.status()}`);
    assert.equal(await page.evaluate(() => document.documentElement.className), theme);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `${path} (${theme}) is ${wide}px wide: nothing may scroll sideways`);
    await page.evaluate(AXE);
    const { violations } = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    assert.equal(violations.length, 0, `axe on ${path} (${theme}):\n${violations.map((v) => `- ${v.id}: ${v.help} (${v.nodes[0]?.html})`).join('\n')}`);
  }

  /** The cards on the page: id, title, topic, grade badge, in page order. */
  const cards = () =>
    page.$$eval('section.ev-topic li.card', (els) =>
      els.map((el) => ({
        id: el.id.replace(/^claim-/, ''),
        title: el.querySelector('h3')?.textContent.trim(),
        topic: el.closest('section').id.replace(/^topic-/, ''),
        grade: el.querySelector('.badge')?.textContent.trim(),
      })),
    );

  /** Where a screenshot called `name` goes (the suite's artifacts). */
  const shotPath = (name) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    return join(SCREENSHOTS, name);
  };

  /** Makes `id` the current baby, as the header's switcher does. */
  async function choose(id) {
    const csrf = await csrfOf(page);
    const status = await page.evaluate(
      async ([baby, token]) => {
        const body = new URLSearchParams({ csrf: token, next: '/evidence' });
        const res = await fetch(`/babies/${baby}/select`, { method: 'POST', body, redirect: 'manual' });
        return res.status || 303;
      },
      [id, csrf],
    );
    assert.ok(status < 400, `selecting ${id}: ${status}`);
  }

  try {
    await step('set up; add a baby born early and a baby born at term, both six weeks old', async () => {
      await setup(page, base);
      const csrf = await csrfOf(page);
      const born = daysAgo(43);
      for (const [name, gestation] of [['Noé', '31+0'], ['Jules', '39+3']]) {
        const res = await page.request.post(`${base}/api/v1/babies`, {
          headers: { 'X-CSRF-Token': csrf || '', 'Content-Type': 'application/json' },
          data: { name, born, gestation_at_birth: gestation },
        });
        assert.equal(res.status(), 201, `${name}: ${await res.text()}`);
      }
      s.babies = Object.fromEntries((await babies(page)).map((b) => [b.name, b.id]));
      assert.ok(s.babies['Noé'] && s.babies.Jules && s.babies['Léa'], JSON.stringify(s.babies));
      const r = await apiGet(page, '/api/v1/catalog/evidence');
      assert.equal(r.status, 200);
      s.claims = r.body.claims ?? r.body;
      assert.ok(s.claims.length >= 20, `${s.claims.length} claims`);
    });

    for (const theme of THEMES) {
      await step(`the index groups every claim under what parents ask (${theme})`, async () => {
        await visit('/evidence', theme);
        await screenshot(page, `evidence-index-${theme}.png`);
        await screenshot(page, `evidence-page-${theme}.png`, { fullPage: true });
        const index = await page.$$eval('nav.ev-index li a', (as) => as.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })));
        const titles = index.map((x) => x.text);
        for (const asked of ['Sleep', 'Crying, wind and tummy', 'Growth', 'Bonding', 'For babies born early', 'Development and the brain', 'You, the parent']) {
          assert.ok(titles.includes(asked), `the index asks "${asked}": ${titles.join(' | ')}`);
        }
        // Each index entry leads to its section, which holds as many cards as the entry says.
        for (const { text, href } of index) {
          const section = page.locator(`section${href}`);
          assert.equal(await section.count(), 1, `${text} → ${href}`);
          assert.equal(await section.locator('h2').innerText(), text);
          const n = await section.locator('li.card').count();
          assert.ok(n >= 1, `${text} has cards`);
          const count = await page.locator(`nav.ev-index li:has(a[href="${href}"]) .meta`).innerText();
          assert.equal(count, n === 1 ? '1 claim' : `${n} claims`);
        }
        // Every claim once, and no two cards with the same title.
        const all = await cards();
        assert.deepEqual(all.map((c) => c.id).sort(), s.claims.map((c) => c.id).sort());
        const seen = new Map();
        for (const c of all) {
          assert.ok(!seen.has(c.title), `"${c.title}" is the title of ${seen.get(c.title)} and ${c.id}`);
          seen.set(c.title, c.id);
          assert.ok(GRADES.includes(c.grade), `${c.id} keeps its grade's words: ${c.grade}`);
        }
        const byId = Object.fromEntries(all.map((c) => [c.id, c]));
        assert.equal(byId.weight_preterm.topic, 'born_early');
        assert.equal(byId.sleep_term.topic, 'sleep');
        assert.equal(byId.weight_preterm.grade, 'Low certainty');
        assert.notEqual(byId.weight_term.title, byId.weight_preterm.title);
        // An index link takes the parent to the topic.
        await page.locator('nav.ev-index a[href="#topic-born_early"]').click();
        await page.waitForFunction(() => location.hash === '#topic-born_early');
        const box = await page.locator('#topic-born_early h2').boundingBox();
        assert.ok(box && box.y >= -2 && box.y < 300, `the topic's heading is at the top (y=${box?.y})`);
      });

      await step(`IAIM and Field's protocol are explained beside their first mention (${theme})`, async () => {
        for (const [word, meaning] of [
          ['IAIM', 'International Association of Infant Massage'],
          ["Field's protocol", 'Tiffany Field'],
        ]) {
          const found = await page.$$eval(
            'main li.card',
            (els, w) => {
              const first = els.find((el) => el.textContent.includes(w));
              const defs = [...document.querySelectorAll('main .define')].filter((d) => d.querySelector('dfn')?.textContent === w);
              return {
                first: first?.id,
                defined: defs.map((d) => d.closest('li.card')?.id),
                text: defs[0]?.textContent ?? '',
                visible: defs[0] ? defs[0].getBoundingClientRect().height > 0 && !defs[0].closest('details') : false,
              };
            },
            word,
          );
          assert.ok(found.first, `${word} is mentioned`);
          assert.deepEqual(found.defined, [found.first], `${word} is defined once, on the card that first mentions it`);
          assert.ok(found.text.includes(meaning), `${word}: ${found.text}`);
          assert.ok(found.visible, `${word}'s definition is shown, not folded away`);
          const card = page.locator(`#${found.first}`);
          await card.scrollIntoViewIfNeeded();
          await card.screenshot({ path: await shotPath(`evidence-define-${word.startsWith('IAIM') ? 'iaim' : 'field'}-${theme}.png`) });
        }
        const field = await page.locator('.define', { has: page.locator('dfn', { hasText: "Field's protocol" }) }).innerText();
        assert.match(field, /1986, Pediatrics/);
        assert.match(field, /moderate pressure/);
      });

      await step(`the filter for a baby born early (${theme})`, async () => {
        await choose(s.babies['Noé']);
        await visit('/evidence', theme);
        const link = page.locator('nav.ev-filter a', { hasText: 'For Noé' });
        assert.equal(await link.getAttribute('href'), '/evidence?for=baby');
        await Promise.all([page.waitForURL(`${base}/evidence?for=baby`), link.click()]);
        await visit('/evidence?for=baby', theme);
        await screenshot(page, `evidence-for-born-early-${theme}.png`);
        assert.equal(await page.locator('nav.ev-filter a[aria-current="page"]').innerText(), 'For Noé');
        const note = await page.locator('p.ev-for').first().innerText();
        assert.match(note, /^Noé is 6 weeks old and was born early\. These \d+ of the \d+ claims are about a baby like Noé/);
        const shown = (await cards()).map((c) => c.id);
        for (const id of ['weight_preterm', 'hospital_stay_preterm', 'sleep_term', 'bonding']) {
          assert.ok(shown.includes(id), `${id} is about Noé`);
        }
        // Six weeks old: past the newborn jaundice cards; not a toddler.
        for (const id of ['prevents_jaundice', 'bilirubin_adjunct', 'motor_down_syndrome']) {
          assert.ok(!shown.includes(id), `${id} is not about a baby of six weeks`);
        }
        assert.ok(shown.length < s.claims.length);
        assert.match(note, new RegExp(`These ${shown.length} of the ${s.claims.length} claims`));
        assert.equal(await page.locator('#topic-born_early').count(), 1);
      });

      await step(`the filter for a baby born at term leaves out the cards about babies born early (${theme})`, async () => {
        await choose(s.babies.Jules);
        await visit('/evidence?for=baby', theme);
        await screenshot(page, `evidence-for-term-${theme}.png`);
        const note = await page.locator('p.ev-for').first().innerText();
        assert.match(note, /^Jules is 6 weeks old and was born at full term\./);
        const shown = await cards();
        assert.ok(shown.every((c) => c.topic !== 'born_early'), 'no card about babies born early');
        assert.equal(await page.locator('#topic-born_early').count(), 0);
        assert.equal(await page.locator('nav.ev-index a[href="#topic-born_early"]').count(), 0, 'nor its index entry');
        const ids = shown.map((c) => c.id);
        assert.ok(ids.includes('sleep_term') && ids.includes('weight_term'));
        assert.ok(!ids.includes('weight_preterm'));
        // Back to every claim.
        await page.locator('nav.ev-filter a', { hasText: 'Every claim' }).click();
        await page.waitForURL(`${base}/evidence`);
        assert.equal((await cards()).length, s.claims.length);
      });
    }

    await step('a baby whose profile does not say: the page says so and links the profile', async () => {
      await choose(s.babies['Léa']);
      await page.goto(`${base}/evidence?for=baby`);
      const notes = await page.locator('p.ev-for').allInnerTexts();
      assert.match(notes[0], /^Léa is 10 weeks old\. These/);
      assert.match(notes[1], /soothe does not know whether Léa was born early/);
      assert.equal(await page.locator('p.ev-for a').getAttribute('href'), `/babies/${s.babies['Léa']}/edit`);
      assert.ok((await cards()).every((c) => c.topic !== 'born_early'));
    });

    await step('the filter works without JavaScript, as a link', async () => {
      await choose(s.babies['Noé']);
      const state = await context.storageState();
      const plain = await phoneContext(browser, { javaScriptEnabled: false, storageState: state });
      try {
        const p = await plain.newPage();
        await p.goto(`${base}/evidence`);
        await Promise.all([p.waitForURL(`${base}/evidence?for=baby`), p.locator('nav.ev-filter a', { hasText: 'For Noé' }).click()]);
        assert.equal(await p.locator('#claim-weight_preterm').count(), 1);
        assert.equal(await p.locator('#claim-prevents_jaundice').count(), 0);
      } finally {
        await plain.close();
      }
    });

    for (const theme of THEMES) {
      await step(`the tab bar's icons: five distinct drawings, hidden from screen readers, visible (${theme})`, async () => {
        await visit('/evidence', theme);
        const tabs = await page.$$eval('nav.tabs a', (as) =>
          as.map((a) => {
            const svg = a.querySelector('svg');
            const box = svg?.getBoundingClientRect();
            const style = svg ? getComputedStyle(svg) : null;
            return {
              label: a.textContent.trim(),
              hidden: svg?.getAttribute('aria-hidden'),
              viewBox: svg?.getAttribute('viewBox'),
              paths: svg ? [...svg.querySelectorAll('path')].map((p) => p.getAttribute('d')).join(' ') : '',
              stroke: svg?.getAttribute('stroke'),
              width: box?.width ?? 0,
              height: box?.height ?? 0,
              color: style?.color,
              linkColor: getComputedStyle(a).color,
            };
          }),
        );
        assert.deepEqual(tabs.map((x) => x.label), ['Today', 'Journal', 'Massage', 'Learn', 'More']);
        for (const x of tabs) {
          assert.equal(x.hidden, 'true', `${x.label}'s icon is hidden from screen readers; the tab keeps its words`);
          assert.equal(x.viewBox, '0 0 24 24', x.label);
          assert.equal(x.stroke, 'currentColor', x.label);
          assert.equal(x.color, x.linkColor, `${x.label}'s icon takes the tab's colour`);
          assert.ok(x.width >= 20 && x.height >= 20, `${x.label}'s icon is ${x.width}×${x.height}`);
          assert.ok(x.paths.length > 10, `${x.label} draws something`);
        }
        assert.equal(new Set(tabs.map((x) => x.paths)).size, tabs.length, 'every icon is its own drawing');
        // Journal and Learn, which looked alike, differ.
        assert.notEqual(tabs[1].paths, tabs[3].paths);
        // The accessible names are the tabs' words alone.
        for (const label of ['Today', 'Journal', 'Massage', 'Learn', 'More']) {
          assert.equal(await page.getByRole('link', { name: label, exact: true }).count(), 1, label);
        }
        const learn = page.locator('nav.tabs a[aria-current="page"]');
        assert.equal(await learn.getAttribute('href'), '/routines');
        const bar = await page.locator('nav.tabs').boundingBox();
        await screenshot(page, `learn-tabs-${theme}.png`, { clip: { x: 0, y: bar.y - 10, width: 390, height: bar.height + 10 } });
      });
    }
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});
