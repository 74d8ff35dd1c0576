/*
 * soothe — the guided-session player (the full-screen page that runs a massage).
 *
 * Classic script, loaded with `defer` after engine.js (SootheEngine) and app.js (soothe.post).
 * The session is driven by the same engine as the terminal player, checked against the Rust
 * engine's conformance vectors (docs/SESSION.md).
 *
 * PAGE CONTRACT (the template renders exactly this; elements marked "optional" may be left
 * out, everything else is required). No inline style attributes, no inline scripts.
 *
 *   <script type="application/json" id="session-data">
 *     {"baby": "<baby id>",
 *      "plan": <plan JSON as from GET /api/v1/babies/{id}/plan>,
 *      "cues": [<catalog cues as from GET /api/v1/catalog/cues, the array under "cues">],
 *      "state": "<baby state id>", "oil": "<oil id>" | null, "clinician": false,
 *      "sessions_url": "/api/v1/babies/<id>/sessions", "journal_url": "/journal",
 *      "phrases": {"cue_pause": "...", "resume": "...", "skip_area": "...",
 *                  "ended_completed": "...", ...}}      <- optional: content/session.toml
 *   </script>                                                phrases by id, spoken when present
 *
 *   #player              the full-screen container; gets class `dim` while a step or a cue
 *                        pause runs (not while paused, not at the end)
 *   #step-view           the step: hidden during a cue pause and at the end, holding
 *     #phase             (optional) "Resting hands" during a cue pause, "Paused" when paused
 *     #step-name         the step's name
 *     #step-area         the body area and the baby's position, in plain words
 *     #step-drawing      (optional) the step's drawing beside the ring, from data.drawings
 *     <svg> <circle id="ring" r="..."> the countdown ring; its stroke-dasharray and
 *                        stroke-dashoffset are set through element.style
 *     #ring-label        remaining seconds of the step (before Start: the first step's)
 *     #step-say          the step's words (also spoken)
 *     #next-step         "Next: <name>" / "This is the last step"
 *     #fit-note          (optional) "10 minutes today: the back is left out", shown until Start
 *                        and spoken at Start (the plan's `time_note`), before "prepare"
 *     #notice            (hidden) what a skipped area left out, and why
 *   #rest                (hidden) the cue pause taking over the screen: #rest-title "Rest your
 *                        hands", #rest-count (its own countdown), #rest-words (the phrase)
 *   #status-live         aria-live="polite": "Step 3 of 24: <name>", cue responses, the end
 *   #end-panel           (hidden) the end, one panel: #end-title, #end-words (the comfort,
 *                        closing or urgent words, once), #btn-log-sign and #sign-status (an
 *                        alarm cue: log its warning sign), #btn-ready (after comfort, sleep or
 *                        an alarm: the form waits until the parent is ready), then
 *     <form id="finish" hidden>  with #finish-summary, <ul id="finish-cues">,
 *        <fieldset> radios name="rating" value="1".."5" (labels with words),
 *        <textarea name="note">, a submit button, #finish-error (role="alert", hidden),
 *        #finish-status (role="status"), a#journal-link (hidden until saved)
 *   #live-controls       everything only a running session needs; hidden at the end:
 *     button#btn-start   starts the session (the user gesture for speech and the wake lock)
 *     button#btn-pause   pause / resume; its text changes between "Pause" and "Resume"
 *     button#btn-next    skip to the next step
 *     button#btn-stop    stop the session
 *     button#btn-mute    speech on/off, aria-pressed="true" when muted (text stays the same)
 *     button[data-cue="<cue id>"]  one per catalog cue, grouped as on the cue guide (a little
 *                        break / stop now): the common ones on the page, the others inside
 *                        the dialog below
 *     a[data-cue-help="<cue id>"]  (optional) beside each cue button: that cue's entry in the
 *                        cue guide (/library/cues#cue-<id>, target="_blank"); it starts and
 *                        stops nothing, and a running session pauses through the engine when
 *                        it is opened (as for the "How?" sheet) and stays paused until Resume
 *     button[data-event="passes_gas"], button[data-event="bowel_movement"]  relief events
 *     button#btn-more-cues opens <dialog id="more-cues"> (the other [data-cue] buttons and
 *                        button#btn-close-cues)
 *     <details> (settings) with <select id="voice"> and
 *                        <input type="range" id="rate" min="0.6" max="1.4" step="0.1" value="1">
 *   #get-help            the "get help" group: a button[data-cue] for every alarm cue, pinned
 *                        to the bottom of the screen while the session runs; hidden at the end
 *
 * The session data may also carry "warning_signs" ({id: label}) and "events_url" (where a
 * warning sign is logged), and the phrase "prepare" (spoken at Start, before the first step).
 *
 * Every control before Start is disabled by the script (the template may render them enabled).
 *
 * Saving uses `soothe.post(url, body)` from app.js: a Promise of {queued, status, body?}
 * where `body` (or `problem`) is the parsed JSON answer; a 4xx answer's problem `detail` is
 * shown in #finish-error.
 *
 * The "How?" sheet: button#btn-how (in #step-view) opens <dialog id="how-sheet"> with the
 * current step's stroke: #how-title, #how-paused (shown when opening it paused the session),
 * #how-drawing (the drawing, when data.drawings has one for the step), #how-how,
 * #how-pressure, #how-note, #how-say (each inside its #…-box, hidden when the step has none)
 * and button#btn-close-how. Each plan step in the data carries `how`, `pressure` and `note`
 * (null for the permission ritual, the closing, a stroke without a note). While the sheet is
 * open the session is paused through the engine (so the record's paused seconds are true);
 * closing it (the button or Esc) resumes, unless the parent had paused before opening it.
 *
 * Drawings (optional): data.drawings = {"<step id>": {move, still, width, height, alt}}: the
 * moving and the still drawing's URLs (the still one under prefers-reduced-motion).
 *
 * PRACTICE MODE (templates/practice.html, data.mode === "practice"): no engine and no
 * countdown. The data is {"mode": "practice", "routine": "<id>", "title": "...",
 * "steps": [{id, kind, stroke, name, area, position, seconds, say, how, pressure, note}],
 * "practice_url": "/api/v1/practice", "drawings"?: {...}}. The page has #step-count,
 * #step-name, #step-area, #how-drawing, the #how-* boxes as above, button#btn-back,
 * button#btn-next (its text turns to "Finish" on the last step), #practice-step,
 * #practice-controls, section#practice-done (hidden) with #done-title, #practice-status
 * (role="status") and button#btn-again, and #status-live. Finish records the practice run
 * with soothe.post(practice_url, {id, routine}) (kept and sent later when offline).
 *
 * For tests: window.sootheDebug = {engine, events} (events: every engine event sent, as
 * {t, event, cue?}); in practice mode window.sootheDebug = {practice: {index(), steps}}.
 */
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const dataEl = $('session-data');
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent);

  // Every visible or spoken sentence comes from the page's messages (JSON data blocks
  // written by the server in the reader's language).
  const WORDS = {};
  for (const id of ['words', 'player-words']) {
    try { Object.assign(WORDS, JSON.parse($(id).textContent)); } catch (e) { /* none */ }
  }
  const t = (key, args) => {
    let s = WORDS[key] || key;
    for (const k of Object.keys(args || {})) s = s.split('{' + k + '}').join(String(args[k]));
    return s;
  };

  // Sends `body` to `url` through app.js's soothe.post (sent now, or kept on the phone and
  // sent when the connection returns): {queued, status, body?}. Throws when app.js is missing.
  async function postRecord(url, body) {
    if (!window.soothe || typeof window.soothe.post !== 'function') {
      throw new Error(t('pl-no-saving-code'));
    }
    return (await window.soothe.post(url, body)) || {};
  }

  // Practice mode (templates/practice.html): no engine and no clock, see runPractice().
  if (data.mode === 'practice') {
    runPractice();
    return;
  }

  const player = $('player');
  if (!player || typeof SootheEngine === 'undefined') return;
  const plan = data.plan;
  const phrases = data.phrases || {};
  const engine = new SootheEngine(plan, data.cues);
  const events = [];
  window.sootheDebug = { engine: engine, events: events };

  const cueNames = new Map((data.cues || []).map((c) => [c.id, c.name]));
  const cueById = new Map((data.cues || []).map((c) => [c.id, c]));
  const RESPONSES = {
    paused: t('pl-response-paused'), skipped_area: t('pl-response-skipped'),
    ended: t('pl-response-ended'), logged: t('pl-response-logged'),
  };
  cueNames.set('passes_gas', t('player-passed-gas'));
  cueNames.set('bowel_movement', t('pl-bowel-movement'));

  const AREAS = {};
  for (const a of ['left_leg', 'right_leg', 'feet', 'abdomen', 'chest', 'left_arm', 'right_arm',
    'hands', 'face', 'head', 'back']) AREAS[a] = t('pl-area-' + a.replace(/_/g, '-'));
  const POSITIONS = {
    on_back: t('pl-position-on-back'), on_tummy: t('pl-position-on-tummy'),
    in_lap: t('pl-position-in-lap'),
  };
  const ENDINGS = {};
  for (const r of ['alarm', 'completed', 'baby_cues', 'asleep', 'relief', 'parent_stopped',
    'abandoned']) ENDINGS[r] = t('pl-ending-' + r.replace(/_/g, '-'));

  const el = {
    stepName: $('step-name'), stepSay: $('step-say'), stepArea: $('step-area'),
    phase: $('phase'), ring: $('ring'), ringLabel: $('ring-label'), nextStep: $('next-step'),
    live: $('status-live'), endWords: $('end-words'),
    stepView: $('step-view'), fitNote: $('fit-note'), notice: $('notice'),
    rest: $('rest'), restCount: $('rest-count'), restWords: $('rest-words'),
    endPanel: $('end-panel'), endTitle: $('end-title'), logSign: $('btn-log-sign'),
    signStatus: $('sign-status'), ready: $('btn-ready'), liveBox: $('live-controls'),
    getHelp: $('get-help'),
    finishCues: $('finish-cues'),
    start: $('btn-start'), pause: $('btn-pause'), next: $('btn-next'), stop: $('btn-stop'),
    mute: $('btn-mute'), moreCues: $('btn-more-cues'), dialog: $('more-cues'),
    closeCues: $('btn-close-cues'), voice: $('voice'), rate: $('rate'),
    finish: $('finish'), summary: $('finish-summary'), error: $('finish-error'),
    saved: $('finish-status'), journal: $('journal-link'),
    how: $('btn-how'), howSheet: $('how-sheet'), howTitle: $('how-title'),
    howPaused: $('how-paused'), closeHow: $('btn-close-how'),
  };
  const cueButtons = Array.from(document.querySelectorAll('button[data-cue], button[data-event]'));
  const liveControls = [el.pause, el.next, el.stop, el.moreCues].concat(cueButtons);

  const stepById = (id) => plan.steps.find((s) => s.id === id) || null;
  const stepIndex = (id) => plan.steps.findIndex((s) => s.id === id);

  // ---- storage (private browsing may refuse it) -------------------------------------------
  function load(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (_) {
      return null;
    }
  }
  function save(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (_) {
      /* not remembered */
    }
  }

  // ---- speech --------------------------------------------------------------------------
  const synth = 'speechSynthesis' in window ? window.speechSynthesis : null;
  let muted = load('soothe.muted') === 'true';
  // The page's language (`es`), and the voice chosen for it: a choice is kept per language,
  // so a voice picked while reading English never reads the Spanish pages.
  const pageLang = (document.documentElement.lang || 'en').slice(0, 2).toLowerCase();
  const VOICE_KEY = 'soothe.voice.' + pageLang;
  let voiceName = load(VOICE_KEY) || '';
  let rate = parseFloat(load('soothe.rate'));
  if (!(rate >= 0.6 && rate <= 1.4)) rate = el.rate ? parseFloat(el.rate.value) || 1 : 1;
  if (el.rate) el.rate.value = String(rate);

  function voices() {
    return synth ? synth.getVoices() : [];
  }

  // The voices speaking the page's language (`es` → es-ES, es-MX, …); when the device has
  // none, all of its voices (the parent may still prefer one).
  function offered() {
    const all = voices();
    const inLang = all.filter((x) => String(x.lang).toLowerCase().startsWith(pageLang));
    return inLang.length ? inLang : all;
  }

  function fillVoices() {
    if (!el.voice) return;
    const list = offered().slice().sort((a, b) => a.name.localeCompare(b.name));
    while (el.voice.firstChild) el.voice.removeChild(el.voice.firstChild);
    const def = document.createElement('option');
    def.value = '';
    def.textContent = t('pl-default-voice');
    el.voice.appendChild(def);
    for (const v of list) {
      const o = document.createElement('option');
      o.value = v.name;
      // The device's own name for the voice, and its language tag: data, not our words.
      o.textContent = v.name + ' (' + v.lang + ')';
      el.voice.appendChild(o);
    }
    el.voice.value = list.some((v) => v.name === voiceName) ? voiceName : '';
  }

  function speak(text, queue) {
    if (!synth || muted || !text) return;
    if (!queue) synth.cancel();
    const u = new SpeechSynthesisUtterance(text);
    // The voice chosen for this language; else the device's default voice for the page's
    // language, else its first. The utterance is in the page's language either way (a
    // voice of that language gives its own tag, such as es-ES).
    const list = offered();
    const inLang = list.filter((x) => String(x.lang).toLowerCase().startsWith(pageLang));
    const v = list.find((x) => x.name === voiceName) || inLang.find((x) => x.default) || inLang[0];
    if (v) u.voice = v;
    u.lang = v && inLang.includes(v) ? v.lang : document.documentElement.lang || pageLang;
    u.rate = rate;
    synth.speak(u);
  }

  function hush() {
    if (synth) synth.cancel();
  }

  function renderMute() {
    if (el.mute) el.mute.setAttribute('aria-pressed', muted ? 'true' : 'false');
  }

  if (synth) {
    fillVoices();
    if (typeof synth.addEventListener === 'function') {
      synth.addEventListener('voiceschanged', fillVoices);
    } else {
      synth.onvoiceschanged = fillVoices;
    }
  } else {
    if (el.voice) el.voice.disabled = true;
    if (el.mute) el.mute.disabled = true;
  }
  renderMute();

  if (el.mute) {
    el.mute.addEventListener('click', () => {
      muted = !muted;
      save('soothe.muted', String(muted));
      renderMute();
      if (muted) hush();
    });
  }
  if (el.voice) {
    el.voice.addEventListener('change', () => {
      voiceName = el.voice.value;
      save(VOICE_KEY, voiceName);
    });
  }
  if (el.rate) {
    el.rate.addEventListener('change', () => {
      const r = parseFloat(el.rate.value);
      if (r >= 0.6 && r <= 1.4) {
        rate = r;
        save('soothe.rate', String(r));
      }
    });
  }

  // ---- wake lock -----------------------------------------------------------------------
  let wakeLock = null;
  async function keepAwake() {
    if (!('wakeLock' in navigator) || wakeLock) return;
    try {
      const lock = await navigator.wakeLock.request('screen');
      if (!live()) {
        lock.release().catch(() => {});
        return;
      }
      wakeLock = lock;
      lock.addEventListener('release', () => {
        if (wakeLock === lock) wakeLock = null;
      });
    } catch (_) {
      wakeLock = null; // refused (battery saver, hidden page): the session runs anyway
    }
  }
  function letSleep() {
    if (wakeLock) {
      const lock = wakeLock;
      wakeLock = null;
      lock.release().catch(() => {});
    }
  }
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && live()) keepAwake();
  });

  // ---- the session ---------------------------------------------------------------------
  let t0 = null; // performance.now() at Start
  let startedAt = null; // Date at Start
  let sessionId = null;
  let timer = null;
  let lastT = -1;
  let shown = { status: null, step: null };
  let ended = false;

  function live() {
    return t0 !== null && !ended;
  }

  function now() {
    return Math.max(0, Math.floor((performance.now() - t0) / 1000));
  }

  // Sends one event to the engine at the current second, logs it, then renders.
  function send(name, cue) {
    if (t0 === null || engine.isEnded()) return;
    const t = now();
    const ev = cue === undefined ? { t: t, event: name } : { t: t, event: name, cue: cue };
    try {
      engine.handle(t, ev);
    } catch (err) {
      console.error('soothe: the engine refused', ev, err);
      return;
    }
    events.push(ev);
    lastT = t;
    render();
  }

  function tick() {
    if (t0 === null || engine.isEnded()) return;
    if (now() !== lastT) send('tick');
  }

  function start() {
    if (t0 !== null) return;
    t0 = performance.now();
    startedAt = new Date();
    sessionId = newUuid();
    engine.handle(0, { event: 'start' });
    events.push({ t: 0, event: 'start' });
    lastT = 0;
    if (el.start) el.start.hidden = true;
    for (const b of liveControls) if (b) b.disabled = false;
    keepAwake();
    timer = window.setInterval(tick, 250);
    if (el.fitNote) el.fitNote.hidden = true;
    render();
    // When the plan was cut to fit the baby's age, the player says so first (the same words
    // as #fit-note); then the short preparation reminder, when the catalog has one; then the
    // first step.
    const note = data.plan && data.plan.time_note;
    if (note || phrases.prepare) {
      speak(note || phrases.prepare);
      if (note && phrases.prepare) speak(phrases.prepare, true);
      const first = engine.currentStep();
      if (first) speak(first.say, true);
    }
    if (el.pause) el.pause.focus();
  }

  function newUuid() {
    return window.crypto && typeof window.crypto.randomUUID === 'function'
      ? window.crypto.randomUUID()
      : fallbackUuid();
  }

  function fallbackUuid() {
    const b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' +
      h.slice(16, 20) + '-' + h.slice(20);
  }

  function togglePause() {
    if (!live()) return;
    const paused = engine.view().status === 'paused';
    send(paused ? 'resume' : 'pause');
    if (!paused) {
      hush();
      announce(t('pl-paused'));
    } else {
      announce(t('pl-carrying-on'));
    }
  }

  function cue(id) {
    if (!live()) return;
    const before = engine.cueLog().length;
    send('cue', id);
    const entry = engine.cueLog()[before];
    if (!entry || engine.isEnded()) return;
    const name = cueNames.get(id) || id;
    if (entry.response === 'paused') {
      announce(t('pl-noted-rest', { cue: name }));
      if (engine.view().status === 'cue_pause') {
        speak(phrases.cue_pause ? t('pl-rest-say', { words: phrases.cue_pause }) : t('player-rest'));
      }
    } else if (entry.response === 'skipped_area') {
      // The next step was already said by render(); say the phrase first, then the step.
      const v = engine.view();
      const s = stepById(v.step);
      const left = stepById(entry.step);
      showNotice(t('pl-left-out-today', { part: leftOut(left), cue: name.toLowerCase() }));
      announce(t('pl-noted-leaving', {
        cue: name, n: stepIndex(v.step) + 1, total: plan.steps.length, step: s.name,
      }));
      if (phrases.skip_area && v.status === 'running') {
        speak(phrases.skip_area);
        speak(s.say, true);
      }
    } else {
      announce(t('pl-noted', { cue: name }));
    }
  }

  function relief(name) {
    if (!live()) return;
    send(name);
    if (!engine.isEnded()) announce(t('pl-noted', { cue: cueNames.get(name) || name }));
  }

  // ---- rendering -----------------------------------------------------------------------
  function announce(text) {
    setText(el.live, text);
  }

  // "The left arm is left out" / "This part is left out".
  function leftOut(step) {
    const area = step && step.area ? AREAS[step.area] : '';
    return area ? t('pl-left-out-area', { area: area.toLowerCase() }) : t('pl-left-out-part');
  }

  let noticeTimer = null;
  function showNotice(text) {
    if (!el.notice) return;
    el.notice.textContent = text;
    el.notice.hidden = false;
    window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(() => {
      el.notice.hidden = true;
    }, 12000);
  }

  // On a step change: announces the step and, when it runs, says it.
  function announceStep() {
    const v = engine.view();
    if (!v.step || v.step === shown.step) return;
    shown.step = v.step;
    const s = stepById(v.step);
    announce(t('pl-step-of', { n: stepIndex(v.step) + 1, total: plan.steps.length, step: s.name }));
    if (v.status === 'running') speak(s.say);
  }

  function showStep(s) {
    if (!s) return;
    setText(el.stepName, s.name);
    setText(el.stepSay, s.say);
    const area = s.area ? AREAS[s.area] || s.area.replace(/_/g, ' ') : '';
    const pos = POSITIONS[s.position] || '';
    setText(el.stepArea, [area, pos && t('pl-baby-position', { position: pos })].filter(Boolean).join(' · '));
    showDrawing(s, 'step-drawing');
  }

  function setRing(remaining, total) {
    if (el.ring) {
      const r = parseFloat(el.ring.getAttribute('r')) || 45;
      const c = 2 * Math.PI * r;
      const frac = total > 0 ? Math.min(1, Math.max(0, remaining / total)) : 0;
      el.ring.style.strokeDasharray = c.toFixed(2);
      el.ring.style.strokeDashoffset = (c * (1 - frac)).toFixed(2);
    }
    setText(el.ringLabel, String(remaining));
  }

  function render() {
    const v = engine.view();
    if (v.status === 'ended') {
      if (!ended) end();
      return;
    }
    const s = v.step ? stepById(v.step) : plan.steps[0];
    showStep(s);
    // A cue pause takes over the screen: "Rest your hands" and its own countdown.
    const resting = v.status === 'cue_pause';
    if (el.rest) el.rest.hidden = !resting;
    // The parent may have scrolled down to the cue buttons: bring the takeover into view.
    if (resting && shown.status !== 'cue_pause') window.scrollTo(0, 0);
    if (el.stepView) el.stepView.hidden = resting && !!el.rest;
    setText(el.restCount, String(v.cue_pause_remaining));
    if (resting) setText(el.restWords, phrases.cue_pause || t('pl-keep-still'));
    if (v.status === 'not_started') {
      // Before Start the ring is full and shows the first step's seconds.
      setRing(s.seconds, s.seconds);
      setText(el.phase, '');
    } else if (v.status === 'cue_pause') {
      setRing(v.cue_pause_remaining, SootheEngine.CUE_PAUSE_SECONDS);
      setText(el.phase, t('pl-resting-hands'));
    } else {
      setRing(v.step_remaining, s.seconds);
      setText(el.phase, v.status === 'paused' ? t('pl-phase-paused') : '');
    }
    const n = v.status === 'not_started' ? plan.steps[1] : v.next ? stepById(v.next) : null;
    setText(el.nextStep, n ? t('pl-next', { step: n.name }) : t('pl-last-step'));
    if (el.pause) el.pause.textContent = v.status === 'paused' ? t('pl-resume') : t('player-pause');
    player.classList.toggle('dim', v.status === 'running' || v.status === 'cue_pause');
    // The get-help group is pinned to the screen only once the session has started: before
    // Start it stays in its place, below the Start button.
    player.classList.toggle('live', v.status !== 'not_started');

    if (v.status !== 'not_started') {
      // A cue pause just ended on the same step: carry on.
      if (shown.status === 'cue_pause' && v.status === 'running' && v.step === shown.step) {
        speak(phrases.resume);
      }
      if (v.step !== shown.step) announceStep();
      // Resumed into a step that began during the pause: say it now.
      if (shown.status === 'paused' && v.status === 'running' && shown.spoken !== v.step) {
        speak(s.say, true);
      }
      if (v.status === 'running') shown.spoken = v.step;
    }
    shown.status = v.status;
  }

  function end() {
    ended = true;
    window.clearInterval(timer);
    timer = null;
    letSleep();
    player.classList.remove('dim');
    for (const b of liveControls) if (b) b.disabled = true;
    if (el.dialog && el.dialog.open) el.dialog.close();
    if (el.howSheet && el.howSheet.open) el.howSheet.close();
    // One clean panel: nothing of the running session stays on screen.
    if (el.liveBox) el.liveBox.hidden = true;
    if (el.getHelp) el.getHelp.hidden = true;
    if (el.stepView) el.stepView.hidden = true;
    if (el.rest) el.rest.hidden = true;
    window.scrollTo(0, 0);

    const rec = engine.record();
    const last = rec.cues[rec.cues.length - 1];
    const alarm = rec.ended_reason === 'alarm' && last ? cueById.get(last.cue) : null;
    let title;
    let words;
    if (alarm) {
      title = t('pl-get-help', { cue: alarm.name });
      words = alarm.respond;
    } else if (rec.comfort) {
      title = t('pl-comfort');
      words = plan.comfort;
    } else {
      title = ENDINGS[rec.ended_reason] || t('pl-has-ended');
      words = phrases['ended_' + rec.ended_reason] || title;
    }
    hush();
    speak(words);
    setText(el.endTitle, title);
    setText(el.endWords, words);
    if (el.endWords) el.endWords.classList.toggle('urgent', !!alarm);
    if (el.endPanel) el.endPanel.hidden = false;
    announce(t('pl-ended-announce', { title: title, words: words }));
    setText(el.summary, summary(rec));
    fillCues(rec);
    if (alarm) offerSign(alarm);
    // After comfort, sleep or an alarm the words stand alone until the parent is ready.
    const wait = !!alarm || rec.comfort || rec.ended_reason === 'asleep';
    if (wait && el.ready) {
      el.ready.hidden = false;
      (alarm && el.logSign && !el.logSign.hidden ? el.logSign : el.ready).focus();
    } else {
      showFinish();
    }
  }

  function showFinish() {
    if (el.ready) el.ready.hidden = true;
    if (!el.finish) return;
    el.finish.hidden = false;
    if (el.summary) {
      el.summary.setAttribute('tabindex', '-1');
      el.summary.focus();
    }
  }

  function fillCues(rec) {
    if (!el.finishCues) return;
    while (el.finishCues.firstChild) el.finishCues.removeChild(el.finishCues.firstChild);
    for (const c of rec.cues) {
      const li = document.createElement('li');
      li.textContent = t('pl-cue-at', {
        cue: cueNames.get(c.cue) || c.cue, time: clockText(c.t),
        response: RESPONSES[c.response] || c.response,
      });
      el.finishCues.appendChild(li);
    }
    el.finishCues.hidden = rec.cues.length === 0;
  }

  function clockText(t) {
    return Math.floor(t / 60) + ':' + String(t % 60).padStart(2, '0');
  }

  // An alarm cue: offer to note its warning sign in the journal, with one tap.
  function offerSign(cue) {
    const sign = cue.warning_sign;
    if (!sign || !el.logSign || !data.events_url) return;
    const label = (data.warning_signs && data.warning_signs[sign]) || sign.replace(/_/g, ' ');
    el.logSign.textContent = t('pl-note-sign', { sign: label });
    el.logSign.hidden = false;
    el.logSign.disabled = false;
    el.logSign.onclick = async () => {
      el.logSign.disabled = true;
      setText(el.signStatus, '');
      // Times go to the second: a sign noted in the very second the session began would
      // count as before it, and the session's own start would then look unsafe. It came
      // after the start, so it is noted at least a second later.
      const at = new Date(Math.max(Date.now(), startedAt.getTime() + 1000));
      const body = {
        id: newUuid(),
        kind: 'warning_sign',
        at: rfc3339(at),
        sign: sign,
        note: t('pl-during-massage', { cue: cue.name.toLowerCase() }),
      };
      let res;
      try {
        res = await postRecord(data.events_url, body);
      } catch (err) {
        setText(el.signStatus, t('pl-could-not-note', { why: err && err.message ? err.message : err }));
        el.logSign.disabled = false;
        return;
      }
      if (res.queued || (res.status >= 200 && res.status < 300)) {
        setText(el.signStatus, res.queued
          ? t('pl-noted-offline')
          : t('pl-noted-in-journal', { sign: label }));
        el.logSign.hidden = true;
      } else {
        const problem = res.body || res.problem || {};
        setText(el.signStatus, problem && problem.detail
          ? t('pl-could-not-note-retry', { why: problem.detail }) : t('pl-could-not-note-plain'));
        el.logSign.disabled = false;
      }
    };
  }

  function minutes(seconds) {
    if (seconds < 60) return t('pl-less-than-minute');
    const m = Math.round(seconds / 60);
    return m === 1 ? t('pl-about-one-minute') : t('pl-about-minutes', { count: m });
  }

  function summary(rec) {
    const parts = [];
    parts.push(t('pl-ended-after', {
      ending: ENDINGS[rec.ended_reason] || t('pl-has-ended'), time: minutes(rec.ended_at),
    }));
    const done = rec.steps.filter((s) => s.status === 'done').length;
    parts.push(t('pl-steps-done', { done: done, total: rec.steps.length }));
    if (rec.paused_seconds > 0) parts.push(t('pl-paused-for', { time: minutes(rec.paused_seconds) }));
    // The cues themselves are listed under the summary (#finish-cues).
    if (rec.cues.length === 0) parts.push(t('pl-no-cues'));
    if (rec.comfort) parts.push(t('pl-ended-cuddle'));
    return parts.join(' ');
  }

  // ---- saving --------------------------------------------------------------------------
  function rfc3339(d) {
    const pad = (n) => String(n).padStart(2, '0');
    const off = -d.getTimezoneOffset();
    const sign = off >= 0 ? '+' : '-';
    const a = Math.abs(off);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) +
      sign + pad(Math.floor(a / 60)) + ':' + pad(a % 60);
  }

  function showError(text) {
    if (!el.error) return;
    el.error.textContent = text;
    el.error.hidden = !text;
  }

  async function submit(e) {
    e.preventDefault();
    if (!engine.isEnded()) return;
    const form = el.finish;
    const body = {
      id: sessionId,
      start: rfc3339(startedAt),
      state: data.state,
      oil: data.oil === undefined ? null : data.oil,
      clinician: data.clinician === true,
      record: engine.record(),
    };
    const rating = form.querySelector('input[name="rating"]:checked');
    if (rating) body.rating = parseInt(rating.value, 10);
    const noteEl = form.elements.namedItem('note');
    const note = noteEl ? noteEl.value.trim() : '';
    if (note) body.note = note;

    const button = form.querySelector('button[type="submit"], button:not([type])');
    if (button) button.disabled = true;
    showError('');
    let res;
    try {
      res = await postRecord(data.sessions_url, body);
    } catch (err) {
      showError(t('pl-could-not-save', { why: err && err.message ? err.message : err }));
      if (button) button.disabled = false;
      return;
    }
    if (res.queued || (res.status >= 200 && res.status < 300)) {
      setText(
        el.saved,
        res.queued
          ? t('pl-saved-offline')
          : t('pl-saved'),
      );
      for (const f of Array.from(form.elements)) f.disabled = true;
      if (el.journal) {
        el.journal.href = data.journal_url || '/journal';
        el.journal.hidden = false;
      }
      return;
    }
    const problem = res.body || res.problem || res.json || {};
    const detail = problem && typeof problem.detail === 'string' ? problem.detail : '';
    showError(
      detail ||
        (res.status ? t('pl-server-did-not-save-status', { status: res.status })
          : t('pl-server-did-not-save')),
    );
    if (button) button.disabled = false;
  }

  // ---- the "How?" sheet ----------------------------------------------------------------
  // True while the sheet is open and it was the sheet that paused the session.
  let howPaused = false;

  function openHow() {
    if (!el.howSheet || el.howSheet.open || engine.isEnded()) return;
    const v = engine.view();
    const s = v.step ? stepById(v.step) : plan.steps[0];
    fillHow(s);
    setText(el.howTitle, t('pl-how-title', { step: s.name }));
    // The clock stops while the parent reads: through the engine, so the record's paused
    // seconds stay true. A session the parent paused stays as it is.
    howPaused = false;
    if (live() && (v.status === 'running' || v.status === 'cue_pause')) {
      send('pause');
      hush();
      howPaused = engine.view().status === 'paused';
    }
    if (el.howPaused) el.howPaused.hidden = !howPaused;
    setText(el.closeHow, howPaused ? t('pl-how-close') : t('pl-how-close-plain'));
    if (typeof el.howSheet.showModal === 'function') el.howSheet.showModal();
    else el.howSheet.setAttribute('open', '');
    if (el.howTitle) el.howTitle.focus();
  }

  function closedHow() {
    const resume = howPaused;
    howPaused = false;
    if (resume && live() && engine.view().status === 'paused') {
      send('resume');
      announce(t('pl-carrying-on'));
    }
    if (el.how && !engine.isEnded()) el.how.focus();
  }

  // ---- a cue's entry in the cue guide -----------------------------------------------------
  // The "?" beside a cue button opens that cue in the guide, in a new tab: the session stays
  // here. A running session pauses through the engine (so the record's paused seconds stay
  // true) and stays paused until the parent taps Resume: reading may take a while.
  function openedGuide() {
    if (!live()) return;
    const status = engine.view().status;
    if (status !== 'running' && status !== 'cue_pause') return;
    send('pause');
    hush();
    if (engine.view().status === 'paused') {
      showNotice(t('pl-guide-paused'));
      announce(t('pl-guide-paused'));
    }
  }

  // ---- wiring --------------------------------------------------------------------------
  for (const a of document.querySelectorAll('a[data-cue-help]')) a.addEventListener('click', openedGuide);
  for (const b of liveControls) if (b) b.disabled = true;
  if (el.start) el.start.addEventListener('click', start);
  if (el.pause) el.pause.addEventListener('click', togglePause);
  if (el.next) el.next.addEventListener('click', () => send('next'));
  if (el.stop) {
    el.stop.addEventListener('click', () => {
      hush();
      send('stop');
    });
  }
  for (const b of cueButtons) {
    b.addEventListener('click', () => {
      if (b.dataset.cue) cue(b.dataset.cue);
      else relief(b.dataset.event);
      if (el.dialog && el.dialog.open && el.dialog.contains(b)) el.dialog.close();
    });
  }
  if (el.moreCues && el.dialog) {
    el.moreCues.addEventListener('click', () => {
      if (typeof el.dialog.showModal === 'function') el.dialog.showModal();
      else el.dialog.setAttribute('open', '');
    });
  }
  if (el.closeCues && el.dialog) {
    el.closeCues.addEventListener('click', () => el.dialog.close());
  }
  if (el.how && el.howSheet) el.how.addEventListener('click', openHow);
  if (el.closeHow && el.howSheet) el.closeHow.addEventListener('click', () => el.howSheet.close());
  // Closed by its button or by Esc: the session carries on if opening the sheet paused it.
  if (el.howSheet) el.howSheet.addEventListener('close', closedHow);
  if (el.finish) el.finish.addEventListener('submit', submit);
  if (el.ready) el.ready.addEventListener('click', showFinish);
  if (el.journal) el.journal.href = data.journal_url || '/journal';

  document.addEventListener('keydown', (e) => {
    if (!live() || e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    const target = e.target && e.target.closest ? e.target : null;
    // Typing in a form field, or in the cues dialog: the keys are theirs.
    if (target && target.closest('input, textarea, select, [contenteditable], dialog[open]')) {
      return;
    }
    if (e.key === ' ' || e.code === 'Space') {
      // A focused button or link already acts on Space by itself.
      if (target && target.closest('button, a[href], summary')) return;
      e.preventDefault();
      togglePause();
    } else if (e.key === 'n' || e.key === 'N') {
      e.preventDefault();
      send('next');
    }
  });

  render();

  // ---- shared by the How sheet and practice mode ---------------------------------------
  // Fills the #how-* boxes with a step's how-to; a box without words is hidden.
  function fillHow(step) {
    for (const [key, text] of [['how', step.how], ['pressure', step.pressure],
      ['note', step.note], ['say', step.say]]) {
      const box = $('how-' + key + '-box');
      setText($('how-' + key), text || '');
      if (box) box.hidden = !text;
    }
    showDrawing(step, 'how-drawing');
  }

  // The step's drawing, large, in the slot `slotId` (#step-drawing beside the countdown,
  // #how-drawing in the How sheet and practice mode) when the data has one: the still
  // drawing under reduced motion.
  function showDrawing(step, slotId) {
    const slot = $(slotId);
    if (!slot) return;
    while (slot.firstChild) slot.removeChild(slot.firstChild);
    const d = data.drawings && step ? data.drawings[step.id] : null;
    slot.hidden = !d;
    if (!d) return;
    const picture = document.createElement('picture');
    picture.className = 'drawing';
    const still = document.createElement('source');
    still.media = '(prefers-reduced-motion: reduce)';
    still.srcset = d.still;
    const img = document.createElement('img');
    img.src = d.move;
    img.width = d.width;
    img.height = d.height;
    img.alt = d.alt;
    picture.appendChild(still);
    picture.appendChild(img);
    slot.appendChild(picture);
  }

  function setText(node, text) {
    if (node) node.textContent = text;
  }

  // ---- practice mode -------------------------------------------------------------------
  // The routine at the parent's pace: Back and Next through every step, the how-to large,
  // no countdown and no engine; Finish records the run (not a massage: nothing goes into
  // the journal).
  function runPractice() {
    const steps = data.steps || [];
    const p = {
      count: $('step-count'), name: $('step-name'), area: $('step-area'),
      step: $('practice-step'), controls: $('practice-controls'), intro: $('practice-intro'),
      back: $('btn-back'), next: $('btn-next'), done: $('practice-done'),
      doneTitle: $('done-title'), status: $('practice-status'), again: $('btn-again'),
      live: $('status-live'),
    };
    const AREA = (a) => (a ? t('pl-area-' + a.replace(/_/g, '-')) : '');
    const POSITION = (pos) => t('pl-position-' + String(pos || 'on_back').replace(/_/g, '-'));
    let i = 0;
    let runId = newUuid();
    window.sootheDebug = { practice: { index: () => i, steps: steps } };
    if (steps.length === 0) return;

    function show(announceIt) {
      const s = steps[i];
      setText(p.count, t('pr-step-count', { n: i + 1, total: steps.length }));
      setText(p.name, s.name);
      const where = t('pl-baby-position', { position: POSITION(s.position) });
      setText(p.area, s.area ? t('pr-where', { area: AREA(s.area), position: where }) : where);
      fillHow(s);
      if (p.back) p.back.disabled = i === 0;
      setText(p.next, i === steps.length - 1 ? t('pr-finish') : t('pr-next'));
      if (announceIt) {
        setText(p.live, t('pl-step-of', { n: i + 1, total: steps.length, step: s.name }));
      }
    }

    function finish() {
      if (p.step) p.step.hidden = true;
      if (p.controls) p.controls.hidden = true;
      if (p.intro) p.intro.hidden = true;
      if (p.done) p.done.hidden = false;
      window.scrollTo(0, 0);
      if (p.doneTitle) p.doneTitle.focus();
      record();
    }

    async function record() {
      setText(p.status, '');
      const body = { id: runId, routine: data.routine };
      let res;
      try {
        res = await postRecord(data.practice_url, body);
      } catch (err) {
        setText(p.status, t('pr-not-recorded', { why: err && err.message ? err.message : err }));
        return;
      }
      if (res.queued) {
        setText(p.status, t('pr-recorded-offline'));
      } else if (res.status >= 200 && res.status < 300) {
        setText(p.status, t('pr-recorded'));
      } else {
        const problem = res.body || res.problem || {};
        setText(p.status, problem && typeof problem.detail === 'string' && problem.detail
          ? t('pr-not-recorded', { why: problem.detail }) : t('pr-not-recorded-plain'));
      }
    }

    if (p.back) {
      p.back.addEventListener('click', () => {
        if (i > 0) {
          i -= 1;
          show(true);
        }
      });
    }
    if (p.next) {
      p.next.addEventListener('click', () => {
        if (i < steps.length - 1) {
          i += 1;
          show(true);
        } else {
          finish();
        }
      });
    }
    if (p.again) {
      p.again.addEventListener('click', () => {
        i = 0;
        runId = newUuid();
        if (p.done) p.done.hidden = true;
        if (p.step) p.step.hidden = false;
        if (p.controls) p.controls.hidden = false;
        if (p.intro) p.intro.hidden = false;
        show(true);
        if (p.next) p.next.focus();
      });
    }
    show(false);
  }
})();
