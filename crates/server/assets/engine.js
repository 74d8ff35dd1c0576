/*
 * soothe — the guided-session engine, in the browser.
 *
 * A faithful port of `soothe-core::session::engine` (crates/core/src/session/engine.rs);
 * the contract is docs/SESSION.md. The browser player is held to the Rust engine by the
 * conformance vectors (`soothe session vectors --out DIR`): fed a vector's plan and events,
 * this engine must show the same views and produce the same record, deep-equal to the JSON.
 *
 * Classic script, no dependencies. Defines `globalThis.SootheEngine`, and `module.exports`
 * under Node.
 *
 *   const engine = new SootheEngine(plan, cues);
 *
 *   plan  the session plan, as GET /api/v1/babies/{id}/plan returns it (a serialized
 *         `SessionPlan`). Whether the session ends on relief (gas-relief) is the plan's own
 *         `ends_on_relief` field, so no routine data is needed.
 *   cues  the catalog's cues: the array from GET /api/v1/catalog/cues (`{"cues": [...]}`;
 *         the wrapping object is accepted too). Only `id`, `kind`
 *         (`engagement` | `disengagement` | `asleep` | `alarm`) and `strength` (`subtle` |
 *         `potent` | null) of each cue are used. Classification, as in Rust `Engine::new`:
 *           kind asleep                          -> asleep (ends, reason asleep)
 *           kind alarm                           -> alarm (ends at once, reason alarm)
 *           kind engagement                      -> engagement (logged only)
 *           kind disengagement, strength potent  -> potent (ends at once, with comfort)
 *           kind disengagement, otherwise        -> subtle (the third, or one less than
 *                                                   180 s after the previous, ends; a
 *                                                   second in an area skips it; else a
 *                                                   15 s pause)
 *
 *   engine.handle(t, event)  t: whole seconds, non-decreasing. event: `{event: "cue",
 *                            cue: "looks_away"}` etc. (a vector's event object; its own `t`
 *                            is ignored), or just the event name as a string. Throws an
 *                            Error (with `code`: time_went_back | not_started |
 *                            already_started | unknown_cue | bad_event | bad_time) exactly
 *                            where Rust returns an EngineError, plus on malformed input.
 *   engine.finish()          lets the session run out.
 *   engine.view()            {status, clock, step, step_remaining, cue_pause_remaining,
 *                            next, ended_reason} (null where Rust serializes None).
 *   engine.record()          the SessionRecord (a fresh object), or null until ended.
 *   engine.isEnded()
 *   engine.currentStep()     the plan step now running, or null before start / after end.
 *   engine.endedWithComfort() whether it ended with the comfort step.
 *   engine.cueLog()          the cues so far, as the record keeps them (a copy).
 *   engine.plan              the plan.
 *
 *   SootheEngine.replay(vector, cues) -> {states, final, record}
 *                            replays a conformance vector (plan + events, then finish);
 *                            throws on an engine error (message prefixed by the event index).
 */
(function (root) {
  'use strict';

  const CUE_PAUSE_SECONDS = 15;
  const MAX_PAUSE_SECONDS = 600;
  const SUBTLE_CUES_TO_END = 3;
  const SUBTLE_CUE_WINDOW_SECONDS = 180;

  const EVENTS = new Set([
    'start', 'pause', 'resume', 'next', 'stop', 'cue', 'passes_gas', 'bowel_movement', 'tick',
  ]);

  function engineError(code, message) {
    const e = new Error(message);
    e.code = code;
    e.name = 'SootheEngineError';
    return e;
  }

  function classify(cue) {
    switch (cue.kind) {
      case 'asleep':
        return 'asleep';
      case 'alarm':
        return 'alarm';
      case 'engagement':
        return 'engagement';
      case 'disengagement':
        if (cue.strength === 'potent') return 'potent';
        return 'subtle';
      default:
        throw new Error('cue `' + cue.id + '` has an unknown kind `' + cue.kind + '`');
    }
  }

  function cueList(cues) {
    if (Array.isArray(cues)) return cues;
    if (cues && Array.isArray(cues.cues)) return cues.cues;
    throw new Error('SootheEngine needs the catalog cues (an array of {id, kind, strength})');
  }

  class SootheEngine {
    constructor(plan, cues) {
      if (!plan || !Array.isArray(plan.steps) || plan.steps.length === 0) {
        throw new Error('SootheEngine needs a session plan with steps');
      }
      this.plan = plan;
      this._cues = new Map();
      for (const c of cueList(cues)) this._cues.set(String(c.id), classify(c));
      this._startT = null;
      this._lastT = 0;
      this._clock = 0;
      this._current = 0;
      this._stepElapsed = 0;
      this._cuePauseLeft = 0;
      this._pausedSince = null;
      this._subtleTotal = 0;
      this._lastSubtle = null; // when the last subtle cue came (seconds after the start)
      // [{kind, area, n}] in order of first subtle cue: the permission ritual and the
      // closing count as areas of their own.
      this._subtleByArea = [];
      this._steps = plan.steps.map((s) => ({
        id: s.id,
        stroke: s.stroke,
        area: s.area === undefined ? null : s.area,
        planned_seconds: s.seconds,
        status: 'not_reached',
        start: null,
        end: null,
      }));
      this._cueLog = [];
      this._active = 0;
      this._paused = 0;
      this._ended = null; // {reason, comfort}
    }

    isEnded() {
      return this._ended !== null;
    }

    endedWithComfort() {
      return this._ended !== null && this._ended.comfort;
    }

    // The cues so far, as the record will keep them (a copy).
    cueLog() {
      return this._cueLog.map((c) => Object.assign({}, c));
    }

    currentStep() {
      if (this._startT === null || this._ended !== null) return null;
      return this.plan.steps[this._current] || null;
    }

    handle(t, event) {
      if (typeof event === 'string') event = { event: event };
      if (!event || typeof event.event !== 'string' || !EVENTS.has(event.event)) {
        throw engineError(
          'bad_event',
          'unknown event `' + (event && event.event) + '`, expected one of: ' +
            Array.from(EVENTS).join(', '),
        );
      }
      if (!Number.isInteger(t) || t < 0) {
        throw engineError('bad_time', 'the time must be whole seconds, not `' + t + '`');
      }
      const name = event.event;
      if (t < this._lastT) {
        throw engineError(
          'time_went_back',
          'time went backwards: ' + t + ' s comes after ' + this._lastT + ' s',
        );
      }
      if (name === 'cue' && !this._cues.has(event.cue)) {
        const known = Array.from(this._cues.keys()).sort();
        throw engineError(
          'unknown_cue',
          'unknown cue `' + event.cue + '`, expected one of: ' + known.join(', '),
        );
      }
      if (this._startT === null) {
        if (name === 'start') {
          this._startT = t;
          this._lastT = t;
          this._beginStep(0);
          return;
        }
        throw engineError(
          'not_started',
          'the session has not started: the first event must be `start`',
        );
      }
      if (this._ended !== null) {
        this._lastT = t;
        return;
      }
      if (name === 'start') {
        throw engineError('already_started', 'the session has already started');
      }
      this._lastT = t;
      this._advance(t - this._startT);
      if (this._ended !== null) return;
      switch (name) {
        case 'tick':
          break;
        case 'pause':
          if (this._pausedSince === null) this._pausedSince = this._clock;
          break;
        case 'resume':
          this._pausedSince = null;
          break;
        case 'next':
          this._leaveStep('skipped_by_parent');
          this._cuePauseLeft = 0;
          this._goto(this._current + 1);
          break;
        case 'stop':
          this._end('parent_stopped', false);
          break;
        case 'passes_gas':
        case 'bowel_movement': {
          const relief = this.plan.ends_on_relief === true;
          this._log(name, relief ? 'ended' : 'logged');
          if (relief) this._end('relief', false);
          break;
        }
        case 'cue':
          this._cue(event.cue, this._cues.get(event.cue) || 'engagement');
          break;
      }
    }

    finish() {
      if (this._startT !== null && this._ended === null) this._advance(Infinity);
    }

    // The cue policy (docs/SESSION.md): by class only; for a subtle cue the first rule
    // that matches wins.
    _cue(cue, cls) {
      switch (cls) {
        case 'engagement':
          this._log(cue, 'logged');
          break;
        case 'asleep':
          this._log(cue, 'ended');
          this._end('asleep', false);
          break;
        case 'alarm':
          this._log(cue, 'ended');
          this._end('alarm', false);
          break;
        case 'potent':
          this._log(cue, 'ended');
          this._end('baby_cues', true);
          break;
        case 'subtle': {
          this._subtleTotal += 1;
          const soon =
            this._lastSubtle !== null && this._clock - this._lastSubtle < SUBTLE_CUE_WINDOW_SECONDS;
          this._lastSubtle = this._clock;
          const key = this._areaKey(this._current);
          let entry = this._subtleByArea.find((a) => a.kind === key.kind && a.area === key.area);
          if (entry) {
            entry.n += 1;
          } else {
            entry = { kind: key.kind, area: key.area, n: 1 };
            this._subtleByArea.push(entry);
          }
          if (this._subtleTotal >= SUBTLE_CUES_TO_END || soon) {
            this._log(cue, 'ended');
            this._end('baby_cues', true);
          } else if (entry.n > 1) {
            this._skipArea(cue);
          } else {
            this._log(cue, 'paused');
            this._cuePauseLeft = CUE_PAUSE_SECONDS;
          }
          break;
        }
      }
    }

    // Skips the rest of the current body area (every later step on it, wherever it comes);
    // during the permission ritual the baby has said "not now", so the session ends.
    _skipArea(cue) {
      if (this.plan.steps[this._current].kind === 'ask_permission') {
        this._log(cue, 'ended');
        this._end('baby_cues', true);
        return;
      }
      this._log(cue, 'skipped_area');
      this._cuePauseLeft = 0;
      const key = this._areaKey(this._current);
      this._leaveStep('skipped_cue');
      for (let i = this._current + 1; i < this.plan.steps.length; i++) {
        const k = this._areaKey(i);
        if (k.kind === key.kind && k.area === key.area) this._steps[i].status = 'skipped_cue';
      }
      this._goto(this._current + 1);
    }

    _log(cue, response) {
      const s = this.plan.steps[this._current];
      this._cueLog.push({ t: this._clock, cue: cue, step: s ? s.id : null, response: response });
    }

    // Moves time forward to `to` seconds after the start.
    _advance(to) {
      while (this._clock < to && this._ended === null) {
        if (this._pausedSince !== null) {
          const limit = this._pausedSince + MAX_PAUSE_SECONDS;
          if (to > limit) {
            this._paused += limit - this._clock;
            this._clock = limit;
            this._end('abandoned', false);
          } else {
            this._paused += to - this._clock;
            this._clock = to;
          }
        } else if (this._cuePauseLeft > 0) {
          const d = Math.min(this._cuePauseLeft, to - this._clock);
          this._active += d;
          this._clock += d;
          this._cuePauseLeft -= d;
        } else {
          const seconds = this.plan.steps[this._current].seconds;
          const d = Math.min(seconds - this._stepElapsed, to - this._clock);
          this._active += d;
          this._clock += d;
          this._stepElapsed += d;
          if (this._stepElapsed === seconds) {
            this._leaveStep('done');
            this._goto(this._current + 1);
          }
        }
      }
    }

    _beginStep(i) {
      this._current = i;
      this._stepElapsed = 0;
      this._steps[i].start = this._clock;
    }

    // Closes the current step with `status` (a skip that interrupts a started step makes
    // it `partial`).
    _leaveStep(status) {
      const rec = this._steps[this._current];
      rec.end = this._clock;
      rec.status =
        (status === 'skipped_cue' || status === 'not_reached') && this._stepElapsed > 0
          ? 'partial'
          : status;
      if (rec.status === 'not_reached') {
        // Begun at the very moment the session ended: it was not reached.
        rec.start = null;
        rec.end = null;
      }
    }

    _areaKey(i) {
      const s = this.plan.steps[i];
      return { kind: s.kind, area: s.area === undefined ? null : s.area };
    }

    // Starts the first step from `i` on that a cue has not already left out.
    _goto(i) {
      for (let j = i; j < this.plan.steps.length; j++) {
        if (this._steps[j].status !== 'skipped_cue') {
          this._beginStep(j);
          return;
        }
      }
      this._current = this.plan.steps.length - 1;
      this._end('completed', false);
    }

    _end(reason, comfort) {
      if (this._ended !== null) return;
      if (reason !== 'completed') {
        const rec = this._steps[this._current];
        if (rec.end === null && rec.start !== null) this._leaveStep('not_reached');
      }
      this._cuePauseLeft = 0;
      this._pausedSince = null;
      this._ended = { reason: reason, comfort: comfort };
    }

    view() {
      let status;
      let endedReason = null;
      if (this._startT === null) status = 'not_started';
      else if (this._ended !== null) {
        status = 'ended';
        endedReason = this._ended.reason;
      } else if (this._pausedSince !== null) status = 'paused';
      else if (this._cuePauseLeft > 0) status = 'cue_pause';
      else status = 'running';
      const live = status !== 'ended' && status !== 'not_started';
      const step = this.plan.steps[this._current];
      const next = this.plan.steps[this._current + 1];
      return {
        status: status,
        clock: this._clock,
        step: live ? step.id : null,
        step_remaining: live ? step.seconds - this._stepElapsed : 0,
        cue_pause_remaining: this._cuePauseLeft,
        next: live && next ? next.id : null,
        ended_reason: endedReason,
      };
    }

    record() {
      if (this._ended === null) return null;
      const p = this.plan;
      return {
        routine: p.routine,
        plan: {
          title: p.title,
          planned_seconds: p.steps.reduce((sum, s) => sum + s.seconds, 0),
          steps: p.steps.length,
          max_minutes: p.max_minutes,
          oil: p.oil === undefined ? null : p.oil,
        },
        steps: this._steps.map((s) => Object.assign({}, s)),
        cues: this._cueLog.map((c) => Object.assign({}, c)),
        planned_skips: (p.planned_skips || []).map((s) =>
          Object.assign(
            { what: s.what, area: s.area === undefined ? null : s.area, reason: s.reason },
            s.shortened_to === undefined ? {} : { shortened_to: s.shortened_to },
          ),
        ),
        active_seconds: this._active,
        paused_seconds: this._paused,
        ended_at: this._clock,
        ended_reason: this._ended.reason,
        comfort: this._ended.comfort,
      };
    }

    static replay(vector, cues) {
      const engine = new SootheEngine(vector.plan, cues);
      const states = [];
      vector.events.forEach((e, i) => {
        try {
          engine.handle(e.t, e);
        } catch (err) {
          err.message = 'event ' + i + ' (' + JSON.stringify(e) + '): ' + err.message;
          throw err;
        }
        states.push(engine.view());
      });
      engine.finish();
      const record = engine.record();
      if (record === null) {
        throw engineError(
          'not_started',
          'event ' + vector.events.length +
            ': the session has not started: the first event must be `start`',
        );
      }
      return { states: states, final: engine.view(), record: record };
    }
  }

  SootheEngine.CUE_PAUSE_SECONDS = CUE_PAUSE_SECONDS;
  SootheEngine.MAX_PAUSE_SECONDS = MAX_PAUSE_SECONDS;
  SootheEngine.SUBTLE_CUE_WINDOW_SECONDS = SUBTLE_CUE_WINDOW_SECONDS;

  root.SootheEngine = SootheEngine;
  if (typeof module !== 'undefined' && module.exports) module.exports = SootheEngine;
})(typeof globalThis !== 'undefined' ? globalThis : this);
