// Plain words only: no page a family can open shows an internal name. A household with a
// baby and a realistic day (feeds, sleep, crying, a nappy, a temperature, a weight, a
// massage ended by the baby's cues, an oil patch test, a note) is walked page by page,
// signed out and signed in, at phone size in the light and the dark theme: every page passes
// axe, and its visible text (the body's text, the title, title / aria-label / placeholder /
// alt attributes and the toast) holds none of the raw ids and field names listed below.
// Every form is also sent once with something a parent can get wrong, and the refused page
// is searched the same way. A mistyped address, and an unknown id in a page's address, show
// the friendly "not found" page (404, the app's frame, a way home); the API keeps its JSON
// problems. The player's end screen is kept as a screenshot.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, inZone, launch, phoneContext, screenshot, stepper, until } from './lib/browser.mjs';
import { apiGet, babies, csrfOf, owner as ownerValues, setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THEMES = ['light', 'dark'];
const PLAY = '/massage/play?routine=full-body&state=quiet_alert&oil=none';

/** Internal names that must never reach a person: each is a name and what finds it. */
const RAW = [
  ['an underscore (a snake_case id or a field name)', /[^\s]*_[^\s]*/],
  ['the verdict id seek_care', /seek_care/],
  ['the verdict id not_now', /not_now/],
  ['the verdict id not_today', /not_today/],
  ['the verdict id ask_clinician', /ask_clinician/],
  ['the state id quiet_alert', /quiet_alert/],
  ['the field name password_again', /password_again/],
  ['the field name new_again', /new_again/],
  ['the field name display_name', /display_name/],
  ['the field name time_zone', /time_zone/],
  ['the field name celsius (the unit reads Celsius)', /celsius/],
  ['the field name amount_ml', /amount_ml/],
  ['the end reason id baby_cues', /baby.cues/],
  ['the end reason id parent_stopped', /parent.stopped/],
  ['the cue response id skipped_area', /skipped.area/],
  ['the kind id patch_test', /patch_test/],
  ['the kind id warning_sign', /warning_sign/],
  ['the result id no_reaction', /no_reaction/],
];

/** Oil ids that read like words: alone and lower-case they are an id, not the oil's name. */
const OIL_WORDS = ['sunflower', 'safflower', 'coconut', 'canola', 'olive', 'mustard', 'almond', 'peanut', 'mineral'];

/** Text a person sees on the page: the body's text, the title, labels in attributes, the toast. */
async function visibleText(page) {
  return page.evaluate(() => {
    const parts = [document.title, document.body ? document.body.innerText : ''];
    for (const el of document.querySelectorAll('[title],[aria-label],[placeholder],[alt]')) {
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) parts.push(v);
      }
    }
    const toast = document.getElementById('toast');
    if (toast && toast.textContent.trim()) parts.push(toast.textContent);
    return parts.join('\n');
  });
}

/** The raw ids and field names found in `text`, each with the words around it. */
export function leaks(text, { routines = [] } = {}) {
  // Addresses and secrets shown to be copied (an invitation link, a new API token) are not
  // words; the family's own entries hold no underscore.
  const words = text
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[A-Za-z0-9_-]{24,}/g, ' ');
  const found = [];
  const around = (i, n) => words.slice(Math.max(0, i - 40), i + n + 40).replace(/\s+/g, ' ');
  for (const [name, re] of RAW) {
    const m = re.exec(words);
    if (m) found.push(`${name}: “…${around(m.index, m[0].length)}…”`);
  }
  // A routine or oil id standing alone as an item (between the `·` of a line, after a
  // colon, on a line of its own) is the id shown where its name belongs; in a sentence the
  // same word is prose ("choose sunflower or coconut oil", "the gas-relief routine").
  const alone = (id) => new RegExp(`(^|\\n|·|:)[ \\t]*${id}[ \\t]*(?=$|\\n|·)`, 'm');
  // A routine's id, also as the id's plain words ("full body" for `full-body`).
  for (const id of routines.flatMap((r) => [r, r.replace(/-/g, ' ')])) {
    const m = alone(id).exec(words);
    if (m) found.push(`the routine id ${id}: “…${around(m.index, m[0].length)}…”`);
  }
  for (const id of OIL_WORDS) {
    const m = alone(id).exec(words);
    if (m) found.push(`the oil id ${id}: “…${around(m.index, m[0].length)}…”`);
  }
  return found;
}

test('plain words: no raw id or field name on any page, light and dark, axe clean', { timeout: 900_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('plain-words-');
  const server = await startServer();
  const base = server.url;
  const anonContext = await phoneContext(browser);
  const ownerContext = await phoneContext(browser);
  const anon = await anonContext.newPage();
  const owner = await ownerContext.newPage();
  const step = stepper(t, {
    onFail: async (name) => {
      const safe = name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await screenshot(owner, `plain-words-fail-${safe}.png`).catch(() => {});
    },
  });
  const ids = { events: {} };
  let routineIds = [];

  /** Searches the page for raw ids and runs axe; `where` names it in a failure. */
  async function inspect(page, where) {
    const text = await visibleText(page);
    const found = leaks(text, { routines: routineIds });
    assert.deepEqual(found, [], `${where} shows internal names:\n${found.join('\n')}`);
    await page.evaluate(AXE);
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    assert.equal(result.violations.length, 0, `axe on ${where}:\n${explain(result.violations)}`);
  }

  async function useTheme(page, theme) {
    await page.context().addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
    await page.emulateMedia({ colorScheme: theme });
  }

  /** Opens `path` in each theme and inspects it; `status` is the answer expected. */
  async function visit(page, path, { status = 200, prepare } = {}) {
    for (const theme of THEMES) {
      await step(`${path} (${theme})`, async () => {
        await useTheme(page, theme);
        const res = await page.goto(`${base}${path}`);
        assert.equal(res.status(), status, `${path} answers ${res.status()}`);
        if (prepare) await prepare(page);
        await inspect(page, `${path} (${theme})`);
      }, { independent: true });
    }
  }

  /**
   * Sends a form the way the browser does (a real form, submitted), with the page's CSRF
   * token, and waits for the answer to be shown. Returns the answer's status.
   */
  async function postForm(page, action, fields) {
    const csrf = await csrfOf(page);
    const [res] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.evaluate(([to, pairs, token]) => {
        const f = document.createElement('form');
        f.method = 'post';
        f.action = to;
        for (const [k, v] of [['csrf', token], ...pairs]) {
          const i = document.createElement('input');
          i.type = 'hidden';
          i.name = k;
          i.value = v;
          f.appendChild(i);
        }
        document.body.appendChild(f);
        f.submit();
      }, [action, fields, csrf]),
    ]);
    return res ? res.status() : 0;
  }

  /** A form sent with a mistake, in each theme: refused with the page again, in plain words. */
  async function refused(page, name, from, action, fields, { status = 422, check } = {}) {
    for (const theme of THEMES) {
      await step(`refused: ${name} (${theme})`, async () => {
        await useTheme(page, theme);
        await page.goto(`${base}${from}`);
        const got = await postForm(page, action, fields());
        assert.equal(got, status, `${action} answers ${got}`);
        if (check) await check(page);
        await inspect(page, `${name}, refused (${theme})`);
      }, { independent: true });
    }
  }

  /** POST JSON to the API from the owner's page. */
  async function apiPost(path, body) {
    const csrf = await csrfOf(owner);
    return owner.evaluate(async ([p, token, b]) => {
      const r = await fetch(p, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
        body: JSON.stringify(b),
      });
      return { status: r.status, body: await r.json().catch(() => null) };
    }, [path, csrf, body]);
  }

  const iso = (minutesAgo) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
  const o = ownerValues();

  try {
    // Signed out, before setup: the first-run page, and its form refused.
    await visit(anon, '/setup');
    await refused(anon, 'setup with two different passwords', '/setup', '/setup', () => [
      ['display_name', o.displayName], ['email', o.email], ['password', o.password],
      ['password_again', 'another calm evening'], ['household', o.household],
      ['time_zone', o.timeZone], ['name', o.babyName], ['born', o.born],
    ], {
      check: async (p) => {
        const summary = (await p.textContent('#form-errors')).replace(/\s+/g, ' ');
        assert.match(summary, /Password again: the two passwords are not the same/,
          'the summary names the field by its label');
      },
    });

    await step('set up the household', async () => {
      await setup(owner, base);
      ids.baby = (await babies(owner))[0].id;
      const r = await apiGet(owner, '/api/v1/catalog/routines');
      assert.equal(r.status, 200);
      routineIds = r.body.routines.map((x) => x.id).filter((id) => id.includes('-'));
      assert.ok(routineIds.includes('full-body'), JSON.stringify(routineIds));
    });
    if (step.failed()) return;

    await step('a realistic day in the journal (through the API)', async () => {
      const baby = ids.baby;
      const post = (body) => apiPost(`/api/v1/babies/${baby}/events`, body);
      const made = [
        ['feed', { kind: 'feeding', start: iso(300), end: iso(285), method: 'breast_left' }],
        ['bottle', { kind: 'feeding', start: iso(130), end: iso(120), method: 'bottle', amount_ml: 90 }],
        ['sleep', { kind: 'sleep', start: iso(280), end: iso(200) }],
        ['crying', { kind: 'crying', start: iso(190), end: iso(180), intensity: 2 }],
        ['nappy', { kind: 'nappy', at: iso(170), contents: 'both' }],
        ['temperature', { kind: 'temperature', at: iso(160), celsius: 37.2 }],
        ['weight', { kind: 'weight', at: iso(150), value: 4.8, unit: 'kg' }],
        ['massage', {
          kind: 'massage', start: iso(100), end: iso(92), routine: 'full-body', oil: 'sunflower',
          ended: 'baby_cues', rating: 3,
          cues: [
            { t: 120, cue: 'looks_away', step: null, response: 'paused' },
            { t: 300, cue: 'cries', step: null, response: 'ended' },
          ],
        }],
        ['note', { kind: 'note', at: iso(60), text: 'Calm after her bath' }],
      ];
      for (const [name, body] of made) {
        const r = await post(body);
        assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.body)}`);
        ids.events[name] = r.body.id;
      }
    });

    await step('an oil patch test started from the oils page', async () => {
      await owner.goto(`${base}/oils`);
      await owner.selectOption('#oil', 'sunflower');
      await Promise.all([
        owner.waitForURL((u) => u.pathname === '/oils'),
        owner.getByRole('button', { name: 'Start a patch test now' }).click(),
      ]);
      const items = (await owner.locator('#patch-tests li').allTextContents()).join(' ');
      assert.match(items, /Sunflower seed oil/, 'the patch test names the oil by its name');
      const all = await apiGet(owner, `/api/v1/babies/${ids.baby}/events?kind=patch_test`);
      ids.events.patch = all.body.events[0].id;
    });

    await step('the journal says the massage and the patch test in words', async () => {
      // The massage's own day: just after midnight it began yesterday.
      await owner.goto(`${base}/journal?day=${inZone(Date.now() - 100 * 60_000).date}`);
      const massage = (await owner.locator('li.ev.k-massage').textContent()).replace(/\s+/g, ' ');
      assert.match(massage, /how it ended: stopped when your baby had had enough/, massage);
      assert.doesNotMatch(massage, /ended: baby cues/, massage);
    });

    // Signed out again, after setup: sign-in, joining, the offline page, a mistyped address.
    await step('make an invitation for the join page', async () => {
      await owner.goto(`${base}/household`);
      await owner.selectOption('#role', 'caregiver');
      await Promise.all([
        owner.waitForURL((u) => u.pathname === '/household/invitations'),
        owner.getByRole('button', { name: 'Make an invitation link' }).click(),
      ]);
      ids.join = new URL((await owner.locator('#invite-link').textContent()).trim()).pathname;
    });
    await visit(anon, '/signin');
    await refused(anon, 'sign-in with a wrong password', '/signin', '/signin', () => [
      ['email', o.email], ['password', 'not my password at all'],
    ], { status: 422 });
    if (ids.join) {
      await visit(anon, ids.join);
      await refused(anon, 'join with a short password', ids.join, ids.join, () => [
        ['display_name', 'Grandma Jo'], ['email', 'jo@example.org'], ['password', 'short'],
      ]);
    }
    await visit(anon, '/offline');

    // A mistyped address and unknown ids: the friendly page, in the app's frame.
    const notFound = async (p) => {
      assert.match(await p.evaluate(() => document.contentType), /html/);
      assert.equal((await p.textContent('h1')).trim(), 'This page is not here');
      const home = p.locator('main a[href="/"]');
      assert.equal(await home.count(), 1, 'a way home');
      const theme = (await p.context().cookies()).find((c) => c.name === 'soothe_theme').value;
      assert.equal(await p.evaluate(() => document.documentElement.className), theme, 'the page keeps the theme');
    };
    await visit(anon, '/no-such-page', { status: 404, prepare: notFound });
    await step('the 404 page, screenshot', async () => {
      await useTheme(anon, 'dark');
      await anon.goto(`${base}/todya`);
      await screenshot(anon, 'plain-words-404.png', { fullPage: true });
    }, { independent: true });
    await step('the API keeps its JSON problems', async () => {
      for (const path of ['/api/v1/no-such-thing', '/api/v1/babies/nope']) {
        const r = await owner.evaluate(async (p) => {
          const res = await fetch(p, { headers: { Accept: 'text/html,application/json' } });
          return { status: res.status, type: res.headers.get('content-type') };
        }, path);
        assert.ok([401, 404, 422].includes(r.status), `${path}: ${r.status}`);
        assert.match(r.type, /application\/problem\+json/, `${path} answers ${r.type}`);
      }
    }, { independent: true });

    // Signed in: every page.
    const pages = [
      '/', '/journal', '/massage', '/massage?routine=full-body&state=quiet_alert&oil=sunflower',
      '/massage?routine=full-body&state=crying&oil=none', PLAY,
      '/massage/practice?routine=full-body', '/routines', '/strokes', '/evidence', '/oils',
      '/skin-to-skin', '/library/cues', '/library/first-massage', '/library/instructors',
      '/household', '/household/settings', '/account', '/babies/new', `/babies/${ids.baby}/edit`,
      `/babies/${ids.baby}/rhythm`, '/notifications', '/channels',
    ];
    for (const p of pages) await visit(owner, p);
    const routines = await apiGet(owner, '/api/v1/catalog/routines');
    for (const r of routines.body.routines) await visit(owner, `/routines/${r.id}`);
    for (const kind of ['feeding', 'sleep', 'massage', 'crying', 'nappy', 'gas', 'temperature', 'weight',
      'length', 'head', 'vaccination', 'illness', 'skin', 'patch_test', 'warning_sign', 'note']) {
      await visit(owner, `/journal/new?kind=${kind}`);
    }
    for (const id of Object.values(ids.events)) await visit(owner, `/events/${id}/edit`);
    for (const path of ['/no-such-page', '/routines/nope', '/events/nope/edit',
      '/events/00000000-0000-4000-8000-000000000000/edit', `/babies/nope/edit`]) {
      await visit(owner, path, { status: 404, prepare: notFound });
    }

    // Every form of a signed-in member, sent with a mistake a parent can make.
    const today = inZone(Date.now());
    await refused(owner, 'a temperature of 100.4 on Today', '/', '/log', () => [
      ['baby', ids.baby], ['kind', 'temperature'], ['action', 'log'], ['celsius', '100.4'], ['id', crypto.randomUUID()],
    ], {
      check: async (p) => {
        const summary = (await p.textContent('#form-errors')).replace(/\s+/g, ' ');
        assert.match(summary, /Temperature/, 'the temperature is named by its label');
      },
    });
    await refused(owner, 'a journal entry of 100.4 °C', '/journal/new?kind=temperature', '/journal', () => [
      ['baby', ids.baby], ['kind', 'temperature'], ['at', `${today.date}T${today.hm}`], ['celsius', '100.4'],
    ]);
    await refused(owner, 'a feed edited to end before it starts', `/events/${ids.events.feed}/edit`,
      `/events/${ids.events.feed}`, () => {
        const s = inZone(Date.now() - 300 * 60_000);
        const e = inZone(Date.now() - 400 * 60_000);
        return [['kind', 'feeding'], ['start', s.local], ['end', e.local], ['method', 'breast_left']];
      });
    await refused(owner, 'a baby without a name', '/babies/new', '/babies', () => [
      ['name', ' '], ['born', o.born],
    ]);
    await refused(owner, "a doctor's number with letters", `/babies/${ids.baby}/edit`, `/babies/${ids.baby}`, () => [
      ['name', o.babyName], ['born', o.born], ['doctor_phone', 'call Dr Lee'],
    ]);
    await refused(owner, 'two different new passwords', '/account', '/account/password', () => [
      ['current', o.password], ['new', 'a brand new evening 2026'], ['new_again', 'a different evening 2026'],
    ]);
    await refused(owner, 'settings out of range', '/household/settings', '/household/settings', () => [
      ['feed_gap_minutes', '999'], ['vaccine_site_hours', '24'], ['patch_test_hours', '24'],
      ['night_start_hour', '20'], ['night_end_hour', '7'], ['urgent_care', ''], ['language', 'en'],
    ]);
    await refused(owner, 'a rhythm with no day and a bad time', `/babies/${ids.baby}/rhythm`, `/babies/${ids.baby}/rhythm`, () => [
      ['time_mode', 'at'], ['time', '7pm'], ['routine', 'full-body'], ['remind_before_minutes', '15'], ['enabled', 'yes'],
    ]);
    await refused(owner, 'a webhook that is not a web address', '/channels', '/channels', () => [
      ['kind', 'webhook'], ['url', 'ftp://home.local/hook'], ['secret', ''],
    ]);
    await refused(owner, '"no reaction" before the watch is over', '/oils', `/oils/patch-tests/${ids.events.patch}`, () => [
      ['result', 'no_reaction'],
    ]);

    // The player: a run ended by the baby's cues, its end screen kept as a screenshot.
    for (const theme of THEMES) {
      await step(`the player's end screen after the baby's cues (${theme})`, async () => {
        await useTheme(owner, theme);
        await owner.goto(`${base}${PLAY}`);
        await owner.waitForFunction(() => window.sootheDebug && window.sootheDebug.engine);
        await owner.click('#btn-start');
        await owner.click('button[data-cue="looks_away"]');
        await owner.click('button[data-cue="cries"]');
        await owner.locator('#end-words').waitFor({ state: 'visible' });
        await owner.click('#btn-ready');
        await owner.locator('#finish').waitFor({ state: 'visible' });
        const summary = (await owner.textContent('#finish-summary')).replace(/\s+/g, ' ');
        assert.doesNotMatch(summary, /baby.cues/, summary);
        await owner.evaluate(() => window.scrollTo(0, 0));
        await screenshot(owner, `plain-words-player-end-${theme}.png`, { fullPage: true });
        await inspect(owner, `the player's end screen (${theme})`);
      }, { independent: true });
    }

    // The toast after a quick log names what was logged, not the button.
    await step('the toast after logging a temperature on Today names what was logged', async () => {
      await useTheme(owner, 'light');
      await owner.goto(`${base}/`);
      const form = owner.locator('form[action="/log"]', { has: owner.locator('input[name="kind"][value="temperature"]') }).first();
      const details = owner.locator('details', { has: form });
      if (await details.count()) await details.first().locator('summary').click();
      await form.locator('input[name="celsius"]').fill('37.1');
      await form.locator('button').last().click();
      const toast = await until(async () => (await owner.textContent('#toast')).trim(), { message: 'the toast' });
      assert.doesNotMatch(toast, /Logged: Save/, `the toast reads “${toast}”`);
      assert.deepEqual(leaks(toast), []);
    }, { independent: true });
  } finally {
    for (const c of [anonContext, ownerContext]) await c.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

test('the raw-id search finds what it is for, and leaves plain words alone', () => {
  assert.deepEqual(leaks('Get medical help now. Call your doctor.'), []);
  assert.deepEqual(leaks('Massage · Sunflower seed oil · how it ended: stopped when your baby had had enough'), []);
  assert.deepEqual(leaks('Choose sunflower, safflower or coconut oil. The gas-relief routine.', { routines: ['gas-relief'] }), []);
  assert.deepEqual(leaks('Invite: http://127.0.0.1:8080/join/abc_DEF-ghi_jkl_mno_pqr_stu'), []);
  for (const bad of [
    'password_again: the two passwords are not the same',
    'celsius: 100.4 °C is outside 30–45 °C',
    'the readiness check says `seek_care`',
    'Oil patch test · sunflower',
    'Oil patch test\nsunflower\nEdit',
    'ended: baby cues',
    'Massage · full-body',
    'until 10:00 (8 min) · full body · Sunflower seed oil',
  ]) {
    assert.notDeepEqual(leaks(bad, { routines: ['full-body'] }), [], bad);
  }
});

/** A violation list, readable: rule, impact, help, and the first three elements. */
function explain(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 3).map((n) => `    ${n.target.join(' ')}: ${n.html}`).join('\n');
    return `- ${v.id} (${v.impact}): ${v.help}\n${nodes}`;
  }).join('\n');
}
