// Every stroke drawn: on a 390×844 phone, each stroke's drawing loads on the strokes page,
// has a title and a description, moves (SMIL, no script) unless the reader asks for reduced
// motion, and keeps its strict policy when opened on its own. Screenshots of every drawing,
// light and dark, go to SCREENSHOTS/drawings/<stroke>-<theme>.png. The strokes page and a
// routine page pass axe in both themes; the player page still loads in at most 60 KiB.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { SCREENSHOTS, launch, phoneContext, screenshot, stepper } from './lib/browser.mjs';
import { setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THEMES = ['light', 'dark'];
const PLAY = '/massage/play?routine=full-body&state=quiet_alert&oil=none';
const BUDGET = 60 * 1024;
const STROKES = 38;

test('drawings: every stroke drawn, described, moving or still, light and dark', { timeout: 600_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser, { serviceWorkers: 'block' });
  const page = await context.newPage();
  const step = stepper(t);
  rmSync(join(SCREENSHOTS, 'drawings'), { recursive: true, force: true });
  const setTheme = async (theme) => {
    await context.addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
    await page.emulateMedia({ colorScheme: theme });
  };
  /** Each drawing on the page: its card's id, the image's source now, its size. */
  const drawings = () =>
    page.$$eval('.strokes > li', (cards) =>
      cards.map((li) => {
        const img = li.querySelector('picture.drawing img');
        return {
          id: li.id,
          name: li.querySelector('h2').textContent.trim(),
          src: img?.currentSrc ?? '',
          alt: img?.alt ?? '',
          complete: img?.complete ?? false,
          natural: img?.naturalWidth ?? 0,
          width: img?.getBoundingClientRect().width ?? 0,
        };
      }),
    );
  /** Scrolls every drawing into view (they load lazily) and waits for each to load. */
  const loadAll = async () => {
    for (const li of await page.$$('.strokes > li picture.drawing img')) {
      await li.scrollIntoViewIfNeeded();
      await li.evaluate((img) => (img.complete ? null : img.decode().catch(() => null)));
    }
    await page.waitForFunction(
      () => [...document.querySelectorAll('.strokes img')].every((i) => i.complete && i.naturalWidth > 0),
      null,
      { timeout: 30_000 },
    );
  };

  try {
    await step('set up a household', async () => {
      await setup(page, base);
    });

    let list = [];
    await step('the strokes page shows every stroke drawn, at a legible size', async () => {
      await setTheme('light');
      const res = await page.goto(`${base}/strokes`);
      assert.equal(res.status(), 200);
      await loadAll();
      list = await drawings();
      assert.equal(list.length, STROKES, 'every stroke of the catalog has a card');
      for (const d of list) {
        assert.ok(d.natural > 0, `${d.id}: the drawing rendered (naturalWidth ${d.natural})`);
        assert.match(d.src, new RegExp(`/assets/drawings/${d.id}\\.en\\.light\\.move\\.[0-9a-f]{10}\\.svg$`), d.id);
        assert.ok(d.alt.includes(d.name), `${d.id}: the image's alt names the stroke ("${d.alt}")`);
        assert.ok(d.width >= 280, `${d.id}: drawn ${d.width}px wide on a 390px phone`);
      }
    });

    await step('each drawing has a title and a description, and its own strict policy', async () => {
      for (const d of list) {
        const res = await page.request.get(d.src);
        assert.equal(res.status(), 200, d.src);
        const h = res.headers();
        assert.equal(h['content-type'], 'image/svg+xml; charset=utf-8');
        assert.equal(h['cache-control'], 'public, max-age=31536000, immutable', `${d.id} is cached for a year`);
        assert.match(h['content-security-policy'], /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; /, d.id);
        assert.doesNotMatch(h['content-security-policy'], /unsafe-inline|script-src/, d.id);
        const svg = await res.text();
        const title = /<title id="title">([^<]+)<\/title>/.exec(svg)?.[1] ?? '';
        const desc = /<desc id="desc">([^<]+)<\/desc>/.exec(svg)?.[1] ?? '';
        assert.equal(title, d.name.replaceAll('&', '&amp;').replaceAll("'", '&apos;'), `${d.id}: the title is the stroke's name`);
        assert.ok(desc.length > 40, `${d.id}: a description (${desc})`);
        assert.match(svg, /aria-labelledby="title desc"/);
        assert.doesNotMatch(svg, /<script|\son\w+=|\sstyle=/i, `${d.id}: no script, no handlers, no style attributes`);
        // A moving hand's path has a direction arrow (resting hands have no path).
        if (/<animateMotion/.test(svg)) assert.match(svg, /marker-end="url\(#arrow\)"/, `${d.id}: the path has a direction arrow`);
      }
    });

    await step('screenshots of every drawing, light and dark', async () => {
      for (const theme of THEMES) {
        await setTheme(theme);
        await page.goto(`${base}/strokes`);
        assert.equal(await page.evaluate(() => document.documentElement.className), theme);
        await loadAll();
        const now = await drawings();
        for (const d of now) {
          assert.match(d.src, new RegExp(`\\.en\\.${theme}\\.move\\.`), `${d.id} is drawn for the ${theme} theme`);
          const el = page.locator(`#${d.id} picture.drawing img`);
          // In the middle of the screen, clear of the bottom navigation.
          await el.evaluate((e) => e.scrollIntoView({ block: 'center' }));
          await screenshot(el, join('drawings', `${d.id}-${theme}.png`));
        }
      }
    });

    await step('the hand moves, and stands still when the reader asks for reduced motion', async () => {
      await setTheme('light');
      await page.goto(`${base}/strokes#water_wheel`);
      const img = page.locator('#water_wheel picture.drawing img');
      await img.scrollIntoViewIfNeeded();
      await img.evaluate((i) => i.decode());
      const a = await img.screenshot();
      await page.waitForTimeout(1200);
      const b = await img.screenshot();
      assert.ok(!a.equals(b), 'the moving drawing changes within a second');

      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
      await page.goto(`${base}/strokes`);
      await loadAll();
      for (const d of await drawings()) {
        assert.match(d.src, /\.still\.[0-9a-f]{10}\.svg$/, `${d.id}: the still drawing is shown`);
        const svg = await (await page.request.get(d.src)).text();
        assert.doesNotMatch(svg, /<animate/, `${d.id}: a still drawing has no animation`);
        assert.match(svg, /<use href="#hand"/, `${d.id}: the hands are drawn where they start`);
      }
      const still = page.locator('#water_wheel picture.drawing img');
      await still.scrollIntoViewIfNeeded();
      const c = await still.screenshot();
      await page.waitForTimeout(1200);
      assert.ok(c.equals(await still.screenshot()), 'the still drawing does not move');
      await page.emulateMedia({ reducedMotion: 'no-preference' });
    });

    await step('opened on its own, a drawing obeys its policy and its reduced-motion style', async () => {
      const src = list.find((d) => d.id === 'water_wheel').src;
      const violations = [];
      const own = await context.newPage();
      own.on('console', (m) => {
        if (m.type() === 'error') violations.push(m.text());
      });
      await own.goto(src);
      // The <style> ran (its hash is allowed): the still hands are hidden while the hand moves.
      const shown = () =>
        own.evaluate(() => ({
          rest: getComputedStyle(document.querySelector('g.rest')).display,
          moving: getComputedStyle(document.querySelector('g.moving')).display,
        }));
      assert.deepEqual(await shown(), { rest: 'none', moving: 'inline' });
      await own.emulateMedia({ reducedMotion: 'reduce' });
      assert.deepEqual(await shown(), { rest: 'inline', moving: 'none' });
      assert.deepEqual(violations, [], 'no policy violation');
      await own.close();
    });

    await step('a routine page draws each stroke step, in the reader\'s language', async () => {
      await setTheme('light');
      await page.goto(`${base}/routines/standard`);
      const srcs = await page.$$eval('.steps picture.drawing img', (imgs) => imgs.map((i) => i.getAttribute('src')));
      assert.ok(srcs.length >= 10, `the standard routine's steps are drawn (${srcs.length})`);
      // Resting hands on the back, with the baby on the tummy, is drawn on the tummy.
      assert.ok(srcs.some((s) => s.includes('/resting_hands.on_tummy.')), srcs.join('\n'));
      // A Spanish reader's page asks for the Spanish drawing, titled in Spanish.
      const es = await browser.newContext({ locale: 'es-ES', extraHTTPHeaders: { 'Accept-Language': 'es' } });
      await es.addCookies(await context.cookies());
      const esPage = await es.newPage();
      await esPage.goto(`${base}/routines/standard`);
      const first = await esPage.$eval('.steps picture.drawing img', (i) => i.src);
      assert.match(first, /\.es\./, first);
      const svg = await (await esPage.request.get(first)).text();
      assert.match(svg, /lang="es"/);
      assert.doesNotMatch(svg, /<title id="title">Resting hands<\/title>/, 'the Spanish drawing is titled in Spanish');
      await es.close();
    });

    for (const path of ['/strokes', '/routines/standard']) {
      for (const theme of THEMES) {
        await step(`axe: ${path} (${theme})`, async () => {
          await setTheme(theme);
          await page.goto(`${base}${path}`);
          await page.evaluate(AXE);
          const result = await page.evaluate(
            (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
            TAGS,
          );
          const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
          assert.deepEqual(found, [], `axe on ${path} (${theme})`);
        }, { independent: true });
      }
    }

    await step('the player knows every step\'s drawing and stays within 60 KiB compressed', async () => {
      const player = await context.newPage();
      const loads = await freshLoad(context, player, `${base}${PLAY}`);
      const counted = loads.filter((l) => ['Document', 'Stylesheet', 'Script'].includes(l.type));
      const total = counted.reduce((s, l) => s + l.bytes, 0);
      t.diagnostic(`${PLAY}: ${total} B compressed`);
      for (const l of counted) assert.match(l.headers['content-encoding'] ?? '', /gzip|br/, `${l.url} is compressed`);
      assert.ok(total <= BUDGET, `the player page transfers ${total} B; the budget is ${BUDGET} B`);
      const data = await player.evaluate(() => {
        for (const s of document.querySelectorAll('script[type="application/json"]')) {
          const j = JSON.parse(s.textContent);
          if (j.plan) return j;
        }
        return null;
      });
      assert.ok(data, 'the player has its data');
      const strokeSteps = data.plan.steps.filter((s) => s.kind === 'stroke');
      assert.ok(strokeSteps.length > 10);
      for (const s of strokeSteps) {
        const d = data.drawings[s.id];
        assert.ok(d, `step ${s.id} (${s.stroke}) has a drawing`);
        assert.match(d.move, new RegExp(`/assets/drawings/${s.stroke}[.a-z_]*\\.move\\.`));
        assert.match(d.still, /\.still\./);
        const r = await player.request.get(`${base}${d.move}`);
        assert.equal(r.status(), 200, d.move);
      }
      // Beside the countdown: the step's drawing, large, once a stroke step runs.
      await player.click('#btn-start');
      for (let i = 0; i < 3 && await player.isHidden('#step-drawing'); i += 1) await player.click('#btn-next');
      assert.equal(await player.isVisible('#step-drawing img'), true, 'a stroke step shows its drawing');
      assert.ok(await player.getAttribute('#step-drawing img', 'alt'), 'the drawing has its words');
      const drawing = await player.locator('#step-drawing').boundingBox();
      const ring = await player.locator('.ring-wrap').boundingBox();
      assert.ok(drawing.width >= 150, `the drawing is large (${drawing.width} px wide)`);
      assert.ok(drawing.x + drawing.width <= ring.x + 1, 'the drawing sits beside the ring, not over it');
      await screenshot(player, 'drawings/player-step.png');
      await player.close();
    });
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

/** Loads `url` with the cache off; every request's type, status, headers and encoded bytes. */
async function freshLoad(context, page, url) {
  const cdp = await context.newCDPSession(page);
  const byId = new Map();
  const finished = new Set();
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  cdp.on('Network.requestWillBeSent', (e) => {
    byId.set(e.requestId, { url: e.request.url, type: e.type, status: 0, headers: {}, bytes: 0 });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.type = e.type;
    r.status = e.response.status;
    r.headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
  });
  const done = (e) => {
    const r = byId.get(e.requestId);
    if (r && e.encodedDataLength !== undefined) r.bytes = e.encodedDataLength;
    finished.add(e.requestId);
  };
  cdp.on('Network.loadingFinished', done);
  cdp.on('Network.loadingFailed', done);
  await page.goto(url, { waitUntil: 'load' });
  const end = Date.now() + 10_000;
  while ([...byId.keys()].some((id) => !finished.has(id)) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
  }
  await cdp.detach();
  return [...byId.values()];
}
