// A clinician-only protocol (preterm-tks) is for trained staff in hospital: until soothe has a
// clinician role, no member of a household can plan it. The owner, a caregiver and a viewer
// each get 403 with a problem that says why, through the API (with their session cookie, and
// even when they claim `clinician=true`) and on the massage pages. A home routine still plans,
// and the picker and the plan say the same words when the plan was cut to fit the age limit.

import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper } from './lib/browser.mjs';
import { apiGet, babies, setup } from './lib/soothe.mjs';

const PROBLEM_TYPE = 'https://soothe.invalid/problems/clinician-only';

test('clinician-only: no owner, caregiver or viewer can plan the preterm protocol', { timeout: 240_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-clinician-');
  const server = await startServer();
  const base = server.url;
  const ctxA = await phoneContext(browser);
  const ctxB = await phoneContext(browser);
  const ctxC = await phoneContext(browser);
  const owner = await ctxA.newPage();
  const carer = await ctxB.newPage();
  const viewer = await ctxC.newPage();
  const members = [['owner', owner], ['caregiver', carer], ['viewer', viewer]];
  const step = stepper(t, {
    onFail: async (name) => {
      const slug = name.replace(/\W+/g, '-').slice(0, 50);
      for (const [who, p] of members) {
        if (p.url() !== 'about:blank') await screenshot(p, `fail-clinician-${slug}-${who}.png`, { fullPage: true });
      }
    },
  });
  const s = {};

  try {
    await step('the owner sets up; a caregiver and a viewer join', async () => {
      s.owner = await setup(owner, base);
      s.baby = (await babies(owner))[0];
      await join(carer, await invite(owner, base, 'caregiver'), 'Sam Martin', 'sam@example.org');
      await join(viewer, await invite(owner, base, 'viewer'), 'Aunt Jo', 'jo@example.org');
    });

    await step('the API refuses the plan with 403 for every role, clinician=true or not', async () => {
      for (const [who, page] of members) {
        for (const query of ['routine=preterm-tks&state=quiet_alert', 'routine=preterm-tks&state=quiet_alert&clinician=true']) {
          const r = await apiGet(page, `/api/v1/babies/${s.baby.id}/plan?${query}`);
          assert.equal(r.status, 403, `${who} ${query}: ${JSON.stringify(r.body)}`);
          assert.equal(r.body.type, PROBLEM_TYPE, who);
          assert.match(r.body.detail, /a protocol for trained hospital staff only, not a home routine/, who);
          assert.match(r.body.detail, /until it has a role for doctors and nurses/, who);
        }
        // A home routine still plans for the same member.
        const home = await apiGet(page, `/api/v1/babies/${s.baby.id}/plan?routine=bedtime&state=quiet_alert`);
        assert.equal(home.status, 200, `${who}: ${JSON.stringify(home.body)}`);
      }
    });

    await step('the API refuses the stored session of the protocol with 403 for every role', async () => {
      for (const [who, page] of members) {
        const csrf = await page.getAttribute('meta[name="csrf-token"]', 'content');
        const res = await page.request.post(`${base}/api/v1/babies/${s.baby.id}/sessions`, {
          headers: { 'X-CSRF-Token': csrf || '', 'Content-Type': 'application/json' },
          data: {
            start: new Date(Date.now() - 15 * 60_000).toISOString().replace('Z', '+00:00'),
            state: 'quiet_alert',
            clinician: true,
            record: {
              routine: 'preterm-tks',
              plan: { title: 'x', planned_seconds: 1, steps: 1, max_minutes: 15, oil: null },
              steps: [], cues: [], planned_skips: [], active_seconds: 60, paused_seconds: 0,
              ended_at: 60, ended_reason: 'parent_stopped', comfort: false,
            },
          },
        });
        assert.equal(res.status(), 403, `${who}: ${await res.text()}`);
      }
    });

    await step('the massage pages refuse it with 403 and say why, for every role', async () => {
      for (const [who, page] of members) {
        for (const path of ['/massage?routine=preterm-tks&state=quiet_alert', '/massage/play?routine=preterm-tks&state=quiet_alert']) {
          const res = await page.goto(`${base}${path}`);
          assert.equal(res.status(), 403, `${who} ${path}`);
          const alert = (await page.getByRole('alert').textContent()).trim();
          assert.match(alert, /a protocol for trained hospital staff only, not a home routine/, `${who} ${path}`);
          assert.equal(await page.getByRole('link', { name: 'Start the guided massage' }).count(), 0, `${who}: no Start`);
          assert.equal(await page.locator('#routine option[value="preterm-tks"]').count(), 0, `${who}: not offered`);
        }
      }
      await screenshot(carer, 'clinician-only-refused.png');
    });

    await step('the picker and the plan say the same words when the plan is cut to fit', async () => {
      // About ten weeks old: the full-body routine is cut to 10 minutes.
      const plan = await apiGet(owner, `/api/v1/babies/${s.baby.id}/plan?routine=full-body&state=quiet_alert&oil=none`);
      assert.equal(plan.status, 200, JSON.stringify(plan.body));
      assert.match(plan.body.time_note, /^10 minutes today: .* left out$/);
      await owner.goto(`${base}/massage?routine=full-body&state=quiet_alert&oil=none`);
      assert.equal((await owner.locator('[data-time-note]').textContent()).trim(), plan.body.time_note);
      assert.ok(plan.body.steps.every((st) => Array.isArray(st.areas)), 'every step lists its areas');
      assert.ok(
        plan.body.planned_skips.filter((sk) => sk.reason === 'time').length > 0,
        'the dropped steps are planned skips with reason time',
      );
    });
  } finally {
    for (const c of [ctxA, ctxB, ctxC]) await c.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

/** The owner makes an invitation link for `role` on the household page. */
async function invite(page, base, role) {
  await page.goto(`${base}/household`);
  await page.selectOption('#role', role);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/household/invitations'),
    page.getByRole('button', { name: 'Make an invitation link' }).click(),
  ]);
  return (await page.locator('#invite-link').textContent()).trim();
}

/** Opens an invitation link and joins with a new account. */
async function join(page, link, name, email) {
  await page.goto(link);
  await page.fill('#display_name', name);
  await page.fill('#email', email);
  await page.fill('#password', 'a quiet afternoon 2026');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/welcome'),
    page.getByRole('button', { name: 'Join', exact: true }).click(),
  ]);
  await page.goto(new URL('/', link).href);
}
