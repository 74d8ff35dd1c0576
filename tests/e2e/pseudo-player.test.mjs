// The pseudo-locale walk over the guided-massage player (issue 12). The server-side walk
// (crates/server/tests/pseudo.rs) reads every page's HTML, but the player is built by
// JavaScript from JSON data blocks; this test reads what the running player shows and says.
//
// soothe runs with the pseudo-locale (`SOOTHE_PSEUDO_LOCALE=1`), where every message is
// wrapped in ⟦ ⟧; the browser asks for `qps` (Accept-Language, as pseudo.rs does: the account
// page offers only real languages). A household is set up, the readiness check passes, and
// the player is walked through every control: Start, pause and resume, next step, the cue
// buttons (a rest, an area left out, an engagement cue, the relief buttons), the "more cues"
// sheet, mute, the voice settings, the end and the record form with its save; then a second
// run stops on a "stop now" cue (comfort first), a third with the Stop button, a fourth on an
// alarm cue (the warning sign noted). At each state every text node, `aria-label`, `title`,
// `placeholder`, `alt`, input button value, live-region announcement and every utterance
// handed to speechSynthesis.speak is collected; any text outside ⟦ ⟧ that is not data fails
// the step, listing every such text.
//
// A last run reads Spanish (chosen on the account page): the player speaks Spanish, so every
// utterance's `lang` is the page's (`es`), and a voice the player picks speaks Spanish.

import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, daysAgo, launch, phoneContext, screenshot, stepper, until, watchPage } from './lib/browser.mjs';
import { babies, events, setup } from './lib/soothe.mjs';

// Texts that are data, not words (what is left outside ⟦ ⟧, trimmed, must match one):
const DATA = [
  /^$/, // nothing but spaces between messages
  /^\d+$/, // counts, seconds on the ring and the rest countdown, rating values
  /^\d+:\d\d$/, // a cue's time into the session (3:05)
  /^\d+ ·$/, // a rating's number before its words ("4 · ⟦…⟧")
  /^·$/, // the separator between two messages ("⟦Feet⟧ · ⟦baby on the back⟧", the title)
  /^[+-]?\d+(?:[.,]\d+)?\s?(?:°C|ml|kg|g|cm)$/, // measurements with their unit
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, // ids
];

/** The text outside the pseudo-locale's markers (nested markers count as one), per piece. */
function outside(text) {
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if (ch === '⟦') {
      if (depth === 0) out += '\u0000';
      depth += 1;
    } else if (ch === '⟧') {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0) {
      out += ch;
    }
  }
  return out.split('\u0000');
}

/** The pieces of `text` outside ⟦ ⟧ that are neither data nor the family's own words. */
function strays(text, typed) {
  let rest = text;
  // The family's own data (names they typed) and the device's voice names are not messages.
  for (const d of typed) if (d) rest = rest.split(d).join(' ');
  const bad = [];
  for (const piece of outside(rest)) {
    // Punctuation between messages is a sentence put together in code ("⟦A⟧. ⟦B⟧"): it
    // fails too, so that every language orders its own sentences.
    const p = piece.trim();
    if (!DATA.some((re) => re.test(p))) bad.push(p);
  }
  return bad;
}

// Records every utterance (text and lang, and the voice's lang when one was set) before the
// real speechSynthesis.speak runs, and every change of a live region's words.
function instrument() {
  window.__utterances = [];
  window.__announced = [];
  if ('speechSynthesis' in window) {
    const synth = window.speechSynthesis;
    const speak = synth.speak.bind(synth);
    synth.speak = (u) => {
      window.__utterances.push({ text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : null });
      return speak(u);
    };
  }
  const live = '[aria-live], [role="status"], [role="alert"]';
  const watch = () => {
    new MutationObserver((ms) => {
      for (const m of ms) {
        const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
        const region = node && node.closest(live);
        if (region && region.textContent.trim()) window.__announced.push(region.textContent);
      }
    }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
  };
  if (document.documentElement) watch();
  else document.addEventListener('DOMContentLoaded', watch);
}

/**
 * Everything the page shows or says: every text node of the body (hidden ones too: they show
 * at some point), the title, the attributes a screen reader reads, input button values, the
 * live regions' announcements and the utterances since the last call.
 */
async function collect(page) {
  return page.evaluate(() => {
    const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
    const texts = [{ where: 'title', text: document.title }];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (el && skip.has(el.tagName)) continue;
      if (!n.textContent.trim()) continue;
      const id = el ? (el.id ? `#${el.id}` : el.tagName.toLowerCase()) : '?';
      texts.push({ where: id, text: n.textContent });
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt], input[type="submit"], input[type="button"], input[type="reset"]')) {
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
        if (el.hasAttribute(a)) texts.push({ where: `@${a}`, text: el.getAttribute(a) });
      }
      if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) {
        texts.push({ where: '@value', text: el.value });
      }
    }
    for (const a of window.__announced.splice(0)) texts.push({ where: 'live region', text: a });
    const spoken = window.__utterances.splice(0);
    for (const u of spoken) texts.push({ where: 'spoken', text: u.text });
    const voices = 'speechSynthesis' in window ? window.speechSynthesis.getVoices().map((v) => `${v.name} (${v.lang})`) : [];
    return { texts, spoken, voices, lang: document.documentElement.lang };
  });
}

test('the stray finder: English, code-joined sentences and missing keys are found; data is not', () => {
  assert.deepEqual(strays('⟦Rest⟧. ⟦Breathe⟧', []), ['.']);
  assert.deepEqual(strays('Resume', []), ['Resume']);
  assert.deepEqual(strays('pl-no-such-key', []), ['pl-no-such-key']);
  assert.deepEqual(strays('⟦⟦Looks away⟧ at 3:05: ⟦noted⟧⟧ Pause', []), ['Pause']);
  assert.deepEqual(strays(' 4 · ⟦enjoyed it⟧', []), []);
  assert.deepEqual(strays('⟦Feet⟧ · ⟦baby ⟦on the back⟧⟧', []), []);
  assert.deepEqual(strays('3:05', []), []);
  assert.deepEqual(strays('⟦Léa⟧ Léa', ['Léa']), []);
});

test('player in the pseudo-locale: everything shown and said comes from messages', { timeout: 300_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-pseudo-player-');
  const server = await startServer({ env: { SOOTHE_PSEUDO_LOCALE: '1' } });
  const base = server.url;
  const context = await phoneContext(browser);
  await context.addInitScript(instrument);
  let page = await context.newPage();
  const problems = watchPage(page);
  const watch = (p) => {
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
  };
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `fail-pseudo-player-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const state = { typed: [], spokenAll: [] };

  /** Collects the page's words now and fails listing every one outside ⟦ ⟧. */
  async function check(what) {
    const got = await collect(page);
    if (process.env.SOOTHE_DUMP) console.log(what, JSON.stringify(got, null, 1));
    state.spokenAll.push(...got.spoken);
    const typed = [...state.typed, ...got.voices];
    const found = [];
    for (const { where, text } of got.texts) {
      for (const s of strays(text, typed)) found.push(`${where}: ${JSON.stringify(s)} (in ${JSON.stringify(text.trim().slice(0, 120))})`);
    }
    assert.deepEqual(found, [], `${what}: text outside ⟦ ⟧:\n  ${found.join('\n  ')}`);
    for (const u of got.spoken) {
      assert.equal(u.lang, got.lang, `${what}: the utterance ${JSON.stringify(u.text)} is in the page's language`);
    }
    return got;
  }

  const view = () => page.evaluate(() => window.sootheDebug.engine.view());

  /** Passes the readiness check in the reader's language and opens the player. */
  async function readyAndPlay() {
    await page.goto(`${base}/massage`);
    await page.selectOption('#routine', 'full-body');
    await page.check('input[name="state"][value="quiet_alert"]');
    await page.selectOption('#oil', 'none');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/massage' && u.searchParams.get('routine') === 'full-body'),
      page.locator('form[action="/massage"] button:not([type="button"])').first().click(),
    ]);
    const answer = page.locator('section.verdict');
    assert.equal(await answer.getAttribute('data-verdict'), 'ready', await answer.textContent());
    await answer.locator('[data-prepare-ok]').click();
    const go = answer.locator('a[href^="/massage/play"]');
    state.play = await go.getAttribute('href');
    await Promise.all([page.waitForURL((u) => u.pathname === '/massage/play'), go.click()]);
    await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.engine);
    state.babyId = await page.evaluate(() => JSON.parse(document.getElementById('session-data').textContent).baby);
  }

  /** A fresh player page with a fake clock (minutes pass at once), the same plan. */
  async function freshPlayer() {
    await page.close();
    page = await context.newPage();
    watch(page);
    // An hour ago: the runs' minutes pass at once, and none may end in the future.
    await page.clock.install({ time: Date.now() - 3_600_000 });
    await page.goto(`${base}${state.play}`);
    await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.engine);
  }

  async function startIt() {
    await page.click('#btn-start');
    await page.waitForFunction(() => window.sootheDebug.engine.view().status === 'running');
  }

  try {
    await step('setup, then the browser reads the pseudo-locale', async () => {
      const o = await setup(page, base);
      state.babyId = (await babies(page))[0].id;
      state.typed = [o.babyName, o.household, o.displayName, o.email];
      await context.setExtraHTTPHeaders({ 'Accept-Language': 'qps' });
      await page.goto(`${base}/massage`);
      assert.match(await page.textContent('main'), /⟦/, 'the massage page is in the pseudo-locale');
    });

    await step('a second baby is added in the pseudo-locale; the player is for them', async () => {
      await page.goto(`${base}/babies/new`);
      await page.fill('#name', 'Noé');
      await page.fill('#born', daysAgo(90));
      await Promise.all([
        page.waitForURL((u) => u.pathname !== '/babies/new'),
        page.locator('form[action="/babies"] button:not([type="button"])').first().click(),
      ]);
      const all = await babies(page);
      assert.equal(all.length, 2, JSON.stringify(all));
      state.typed.push('Noé');
    });

    await step('the readiness check passes and the player opens', async () => {
      await readyAndPlay();
      await check('the player before Start');
    });

    await step('a fake clock from here on; the voice settings: voice and speed', async () => {
      await freshPlayer();
      await page.click('details.voice > summary');
      assert.equal(await page.isVisible('#voice'), true);
      const options = await page.$$eval('#voice option', (os) => os.map((o) => o.value));
      // Headless Chromium may have no voices: then the default voice is the only option.
      assert.ok(options.length >= 1 && options[0] === '', JSON.stringify(options));
      if (options.length > 1) await page.selectOption('#voice', options[1]);
      await page.$eval('#rate', (r) => {
        r.value = '1.2';
        r.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await check('the voice settings open');
    });

    await step('Start: the cut, the preparation and the first step are said', async () => {
      await startIt();
      const got = await check('the player running');
      assert.ok(got.spoken.length >= 2, `something was said at Start: ${JSON.stringify(got.spoken)}`);
      assert.equal(await page.$eval('#rate', (r) => r.value), '1.2');
    });

    await step('pause and resume', async () => {
      await page.click('#btn-pause');
      assert.equal((await view()).status, 'paused');
      await check('paused');
      await page.clock.runFor(5_000);
      await page.click('#btn-pause');
      assert.equal((await view()).status, 'running');
      await check('resumed');
    });

    await step('next step', async () => {
      const before = (await view()).step;
      await page.click('#btn-next');
      assert.notEqual((await view()).step, before);
      await check('after next step');
    });

    await step('the How sheet: the step\'s how-to, the clock paused, then carrying on', async () => {
      await page.click('#btn-how');
      assert.equal(await page.isVisible('#how-sheet'), true);
      assert.equal((await view()).status, 'paused');
      await check('the How sheet open');
      await page.keyboard.press('Escape');
      // The dialog's `close` event is a task of its own, after the key press has returned.
      await until(async () => (await view()).status === 'running', { timeoutMs: 3000, intervalMs: 20, message: 'the session running again' });
      await check('the How sheet closed');
    });

    await step('a subtle cue: the rest, its countdown, then the same step goes on', async () => {
      await page.click('.cg-break button[data-cue="looks_away"]');
      assert.equal((await view()).status, 'cue_pause');
      await check('resting hands');
      await page.clock.runFor(16_000);
      assert.equal((await view()).status, 'running');
      await check('after the rest');
    });

    await step('a second subtle cue in the same area, minutes later: the area is left out, with a notice', async () => {
      await page.click('#btn-pause');
      await page.clock.runFor(200_000);
      await page.click('#btn-pause');
      const area = (await view()).step;
      await page.click('.cg-break button[data-cue="yawns"]');
      const log = await page.evaluate(() => window.sootheDebug.engine.cueLog());
      assert.deepEqual(log.map((c) => c.response), ['paused', 'skipped_area'], JSON.stringify(log));
      assert.notEqual((await view()).step, area);
      assert.equal(await page.isVisible('#notice'), true);
      await check('an area left out');
    });

    await step('an engagement cue, wind and a poo are noted', async () => {
      const well = await page.$$eval('button[data-cue]', (bs) => bs.filter((b) => b.closest('.cg-well')).map((b) => b.dataset.cue));
      if (well.length > 0) {
        const inDialog = await page.locator(`#more-cues button[data-cue="${well[0]}"]`).count();
        if (inDialog) await page.click('#btn-more-cues');
        await page.click(`button[data-cue="${well[0]}"]`);
        await check('an engagement cue noted');
      }
      await page.click('button[data-event="passes_gas"]');
      await check('wind noted');
      await page.click('button[data-event="bowel_movement"]');
      await check('a poo noted');
      assert.equal((await view()).status, 'running', 'the full body does not end on relief');
    });

    await step('the "more cues" sheet opens and closes', async () => {
      await page.click('#btn-more-cues');
      assert.equal(await page.isVisible('#more-cues'), true);
      await check('the more-cues sheet');
      await page.click('#btn-close-cues');
      assert.equal(await page.isVisible('#more-cues'), false);
    });

    await step('mute and unmute', async () => {
      await page.click('#btn-mute');
      assert.equal(await page.getAttribute('#btn-mute', 'aria-pressed'), 'true');
      await check('muted');
      await page.click('#btn-mute');
      assert.equal(await page.getAttribute('#btn-mute', 'aria-pressed'), 'false');
    });

    await step('the end: the plan runs out; the summary, the cues and the form', async () => {
      await page.clock.runFor(1_200_000);
      await page.locator('#finish').waitFor({ state: 'visible' });
      assert.equal((await view()).ended_reason, 'completed');
      await check('the end of a completed massage');
    });

    await step('the record is saved to the journal', async () => {
      await page.check('#finish input[name="rating"][value="5"]');
      await page.fill('#finish-note', 'calm');
      state.typed.push('calm');
      await page.locator('#finish button[type="submit"]').click();
      await until(async () => (await page.textContent('#finish-status')).trim() !== ''
        || page.isVisible('#finish-error'), { message: 'the session to be saved' });
      assert.equal(await page.isHidden('#finish-error'), true, await page.textContent('#finish-error'));
      assert.equal(await page.isVisible('#journal-link'), true);
      await check('saved');
      assert.equal((await events(page, state.babyId, 'massage')).length, 1);
    });

    await step('a second run: a "stop now" cue, the comfort words, then the form', async () => {
      await freshPlayer();
      await check('a second player before Start');
      await startIt();
      await page.clock.runFor(3_000);
      await page.click('.cg-stop button[data-cue="cries"]');
      await page.locator('#end-panel').waitFor({ state: 'visible' });
      assert.equal(await page.isVisible('#btn-ready'), true);
      await check('comfort after crying');
      await page.click('#btn-ready');
      await page.locator('#finish').waitFor({ state: 'visible' });
      await check('the form after comfort');
    });

    await step('a third run: the Stop button', async () => {
      await freshPlayer();
      await startIt();
      await page.clock.runFor(65_000);
      await page.click('#btn-stop');
      await page.locator('#finish').waitFor({ state: 'visible' });
      assert.equal((await view()).ended_reason, 'parent_stopped');
      await check('stopped by the parent');
    });

    await step('without a connection the record is kept on the phone, and sent when it returns', async () => {
      await context.setOffline(true);
      try {
        await page.locator('#finish button[type="submit"]').click();
        await until(async () => (await page.textContent('#finish-status')).trim() !== '', { message: 'the record to be kept' });
        await check('saved on the phone');
      } finally {
        await context.setOffline(false);
      }
      await until(async () => (await events(page, state.babyId, 'massage')).length === 2, { message: 'the kept record to be sent' });
      await page.waitForTimeout(500);
      await check('the kept record sent');
    });

    await step('a fourth run: an alarm cue, its urgent words, the warning sign noted', async () => {
      await freshPlayer();
      await startIt();
      await page.clock.runFor(2_000);
      await page.click('.cg-help button[data-cue="chokes"]');
      await page.locator('#end-panel').waitFor({ state: 'visible' });
      await check('an alarm cue');
      await page.click('#btn-log-sign');
      await until(async () => (await page.textContent('#sign-status')).trim() !== '', { message: 'the sign to be noted' });
      assert.equal(await page.isHidden('#btn-log-sign'), true, await page.textContent('#sign-status'));
      await check('the warning sign noted');
      await page.click('#btn-ready');
      await page.locator('#finish').waitFor({ state: 'visible' });
      await check('the form after an alarm');
    });

    await step('practice mode: every step with Next and Back, the end noted, the routines list', async () => {
      await page.close();
      page = await context.newPage();
      watch(page);
      await page.goto(`${base}/routines`);
      await check('the routines list before practice');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/massage/practice'),
        page.click('a[href="/massage/practice?routine=full-body"]'),
      ]);
      await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.practice);
      await check('practice mode, the first step');
      const n = await page.evaluate(() => window.sootheDebug.practice.steps.length);
      for (let i = 1; i < n; i++) {
        await page.click('#btn-next');
        await check(`practice mode, step ${i + 1}`);
      }
      await page.click('#btn-back');
      await check('practice mode, back a step');
      await page.click('#btn-next');
      await page.click('#btn-next');
      await page.locator('#practice-done').waitFor({ state: 'visible' });
      await page.waitForFunction(() => document.getElementById('practice-status').textContent.trim() !== '');
      await check('practice done and noted');
      await page.goto(`${base}/routines`);
      assert.equal(await page.locator('.practised').count(), 1);
      await check('the routines list after practice');
    });

    await step('everything said was in the page\'s language', async () => {
      assert.ok(state.spokenAll.length >= 10, `the walk heard the player speak (${state.spokenAll.length} utterances)`);
      assert.deepEqual(problems, []);
    }, { independent: true });
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

test('player in Spanish: it speaks Spanish', { timeout: 180_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const problems = watchPage(page);
  try {
    await setup(page, base);
    // The language chosen on the account page.
    await page.goto(`${base}/account`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/account'),
      page.click('form[action="/account/language"] button[value="es"]'),
    ]);
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    await page.goto(`${base}/massage/play?routine=full-body&state=quiet_alert&oil=none`);
    await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.engine);
    await page.click('#btn-start');
    await page.waitForFunction(() => window.sootheDebug.engine.view().status === 'running');
    await page.click('.cg-break button[data-cue="looks_away"]');
    const got = await page.evaluate(() => ({
      spoken: window.__utterances.slice(),
      voices: window.speechSynthesis.getVoices().map((v) => ({ name: v.name, lang: v.lang })),
      chosen: document.getElementById('voice').value,
    }));
    assert.ok(got.spoken.length >= 3, JSON.stringify(got.spoken));
    for (const u of got.spoken) {
      assert.match(u.lang, /^es/i, `${JSON.stringify(u.text)} is spoken as Spanish (lang ${u.lang})`);
    }
    // Debian's headless Chromium usually has no voices (getVoices() is empty): then only the
    // utterances' lang can be asserted. When the device has Spanish voices, the default voice
    // the player picks speaks Spanish.
    if (got.voices.some((v) => /^es/i.test(v.lang)) && got.chosen === '') {
      for (const u of got.spoken) assert.match(u.voice || '', /^es/i, `the voice for ${JSON.stringify(u.text)}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});
