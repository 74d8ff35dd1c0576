# The soothe command line's words (crates/soothe). Layout (columns, bullets, clocks) stays in
# the code; every word is here.

## Errors and the language

cli-lang-unknown = soothe does not speak `{ $lang }`; choose one of: en, es
cli-catalog-broken = the built-in catalog is broken: { $error }
cli-json-failed = could not write JSON: { $error }
cli-cannot-read = cannot read { $file }: { $error }
cli-cannot-read-stdin = cannot read standard input: { $error }
cli-cannot-write = cannot write { $file }: { $error }
cli-unknown-routine = unknown routine `{ $id }`, expected one of: { $known }
cli-unknown-claim = unknown claim `{ $id }`, expected one of: { $known }
cli-invalid-check-input = invalid check input: { $error }
cli-invalid-events = invalid events: { $error }
cli-simulate-one-stdin = only one of --check and --events can read standard input

## Shared pieces

cli-sources = Sources:
cli-quoted = “{ $words }”
cli-area-left-leg = Left leg
cli-area-right-leg = Right leg
cli-area-feet = Feet
cli-area-abdomen = Tummy
cli-area-chest = Chest
cli-area-left-arm = Left arm
cli-area-right-arm = Right arm
cli-area-hands = Hands
cli-area-face = Face
cli-area-head = Head
cli-area-back = Back

## soothe routines, routine

cli-ages-range = { $from }–{ $to } weeks
cli-ages-any = any age
cli-ages-from = from { $from } weeks
cli-routines-id = ID
cli-routines-min = MIN
cli-routines-ages = AGES
cli-routines-title = TITLE
cli-routines-clinicians-only = { $title } (done by a doctor or nurse only)
cli-routines-see-steps = See the steps with `soothe routine ID`.
cli-routine-about = About { $minutes } minutes · { $ages }
cli-routine-clinicians-only = Done only by a trained doctor or nurse: soothe will not start this routine for a parent.
cli-routine-ask-permission = Ask permission
cli-routine-closing = Closing
cli-routine-end = end
cli-routine-how = How: { $how }
cli-routine-pressure = Pressure: { $pressure }
cli-routine-note = Good to know: { $note }
cli-cues-title = Your baby's signs
cli-cues-intro = What to do for each sign comes from massage teaching, not from trials.
cli-cues-enjoying = I'm enjoying this
cli-cues-enjoying-intro = Your baby likes the massage. Carry on at the same calm pace.
cli-cues-break = I need a little break
cli-cues-break-intro = Stop moving, rest your hands still on your baby and wait until your baby is calm again.
cli-cues-stop = Stop now
cli-cues-stop-intro = End the massage gently and comfort your baby. A sleeping baby goes down on the back, in their own cot, with nothing loose around them.
cli-cues-help = Get help
cli-cues-looks-like = What it looks like: { $text }
cli-cues-respond = What to do: { $text }

## soothe oils, evidence

cli-suitability-preferred = preferred
cli-suitability-suitable = suitable
cli-suitability-caution = use with caution
cli-suitability-avoid = avoid
cli-oil-suitability = skin of a baby born early: { $preterm } · newborn skin: { $newborn }
cli-oil-allergy = Allergy:
cli-oils-patch-test = Always patch-test an oil on a small patch of skin before a full massage, and never put oil on the face.
cli-evidence-intro = What studies say about each benefit people claim for infant massage. Grades follow GRADE: high, moderate, low, very low; plus "no evidence found" and "not supported". Massage is not a treatment for any illness.
cli-claim-why = Why this grade:
cli-grade-high = High certainty
cli-grade-moderate = Moderate certainty
cli-grade-low = Low certainty
cli-grade-very-low = Very low certainty
cli-grade-no-evidence = No evidence found
cli-grade-not-supported = Not supported
cli-grade-high-meaning = We are very confident that the true effect is close to what studies found.
cli-grade-moderate-meaning = The true effect is probably close to what studies found, but it could be quite different.
cli-grade-low-meaning = Our confidence is limited: the true effect may be quite different.
cli-grade-very-low-meaning = We have very little confidence: the true effect is likely to be quite different.
cli-grade-no-evidence-meaning = No controlled study in babies has looked at this.
cli-grade-not-supported-meaning = There is no evidence, and the claim goes far beyond anything that was studied.

## soothe catalog check

cli-catalog-no-files = { $dir } holds no .toml files
cli-catalog-ok = catalog OK: { $routines } routines, { $strokes } strokes, { $cues } cues, { $oils } oils, { $claims } evidence claims, { $rules } rules, { $sources } sources
cli-catalog-lang-ok = OK ({ $what })
cli-catalog-lang-problems = { $count } problem(s)
cli-catalog-ok-en = the catalog's structure and English texts
cli-catalog-ok-es = every text translated, with Spanish hedges and safety words
cli-catalog-ok-qps = the pseudo-locale, every text in markers

## soothe check

cli-check-ready-state-unknown = Nothing in the journal holds a massage back. How is your baby now? Look at your baby, then add "state" to the input (awake and calm, fussing, crying, hungry, drowsy or asleep) and check again.
cli-check-ready = READY: now is a good moment for a massage.
cli-check-not-now = NOT NOW: wait until your baby is awake, calm and alert.
cli-check-wait-until = WAIT until { $until } (about { $minutes } min from now).
cli-check-wait-until-day = WAIT until { $until } (about { $minutes } min from now).
cli-check-wait = WAIT: not yet; see why below.
cli-check-ask-clinician = ASK YOUR DOCTOR OR NURSE FIRST: get their OK before massaging at home.
cli-check-not-today = NOT TODAY: no massage today; comfort and rest instead.
cli-check-seek-care = SEEK MEDICAL CARE NOW: this is not a time for massage. Call your doctor, your local urgent-care line or emergency services.
cli-check-why = Why:
cli-check-before-you-start = Before you start:
cli-check-adapt-ready = How to adapt the massage:
cli-check-adapt-later = When you do massage:
cli-check-adapt-once-agreed = Once your doctor or nurse agrees:
cli-check-age = Baby: { $days } days old.
cli-check-age-preterm = Baby: { $days } days old, born early (corrected age { $corrected } days).

## soothe session simulate, vectors

cli-cannot-plan = cannot plan `{ $id }`: { $error }
cli-plan-clinician-only = `{ $id }` is a protocol for trained hospital staff only, not a home routine; soothe will not start it for a parent
cli-plan-not-allowed = the check before a massage says: { $verdict }. { $reason }
cli-plan-no-state = say how your baby is now (awake and calm, fussing, crying, hungry, drowsy or asleep): a massage starts only when the check knows
cli-plan-nothing-left = nothing of `{ $id }` is left after the adaptations ({ $reasons }); choose another routine
cli-step-done = done
cli-step-partial = partial
cli-step-skipped-cue = skipped (cue)
cli-step-skipped-you = skipped (you)
cli-step-not-reached = not reached
cli-ended-completed = completed
cli-ended-baby-cues = your baby's cues said enough
cli-ended-asleep = your baby fell asleep
cli-ended-relief = your baby found relief
cli-ended-parent-stopped = you stopped
cli-ended-abandoned = paused for more than 10 minutes
cli-ended-alarm = a warning sign: your baby needs medical help
cli-record-ended = Ended at { $at }: { $why }.
cli-record-times = Active { $active } · paused { $paused } · planned { $planned }
cli-record-comfort = Comfort:
cli-record-steps = Steps:
cli-record-cues = Cues:
cli-cue-paused = paused with resting hands
cli-cue-skipped-area = skipped the rest of the area
cli-cue-ended = ended the session
cli-cue-logged = noted
cli-record-left-out = Left out by the plan:
cli-record-oil = oil
cli-record-skip-area = { $what } on { $area } ({ $reason })
cli-vectors-failed = could not build the vectors: { $error }
cli-vectors-written = wrote { $count } conformance vectors to { $dir }

## soothe guide

cli-guide-no-check = No --check given: make sure your baby is awake, calm and bright-eyed, and that the last feed ended at least 45 minutes ago.
cli-guide-time-note = This session is fitted to your baby's age: at most { $minutes } minutes, so some parts are shortened or left out.
cli-guide-no-espeak = espeak-ng is not installed, so soothe cannot speak: install it (e.g. apt-get install espeak-ng) or read the words on screen.
cli-guide-terminal-failed = the terminal failed: { $error }
cli-guide-not-started = No session was started.
cli-guide-record-written = Record written to { $file }
cli-guide-record-failed = could not write the record: { $error }
cli-guide-record-written-screen = Record written to { $file }.
cli-guide-record-failed-screen = Could not write the record: { $error }
cli-guide-about = About { $minutes } minutes · at most { $max } for this age
cli-guide-press-enter = Press Enter to begin
cli-guide-permission = Start with the permission ritual: show your open hands and ask. If your baby turns away, try another time.
cli-guide-alarm-status = GET HELP NOW · { $name }
cli-guide-alarm-title = Get help now: { $name }
cli-guide-alarm-note = When your baby is safe, note it in the journal as a warning sign (“{ $sign }”).
cli-guide-press-q = Press q to see the record and quit.
cli-guide-ended = Ended
cli-guide-ended-title = The massage has ended
cli-guide-cue-pause-status = Resting hands · step { $step } of { $steps }
cli-guide-cue-pause-title = Pause: rest your hands
cli-guide-paused-status = Paused by you · step { $step } of { $steps } · space to go on
cli-guide-step-status = Step { $step } of { $steps }
cli-guide-next = Next: { $step }
cli-guide-controls = [space] pause/resume  [n] next  [s] stop  [f] gas  [b] poo  [q] quit
cli-guide-group-break = A little break
cli-guide-group-stop = Stop now
cli-guide-group-help = Get help
cli-guide-group-well = Going well
cli-guide-key-looks-away = looks away
cli-guide-key-yawns = yawns
cli-guide-key-hiccups = hiccups
cli-guide-key-grimaces = grimaces
cli-guide-key-spits-up = spits up
cli-guide-key-turns-away = turns away
cli-guide-key-arches-back = arches back
cli-guide-key-cries = cries
cli-guide-key-falls-asleep = falls asleep
cli-guide-key-vomits = vomits
cli-guide-key-chokes = chokes
cli-guide-key-colour-change = pale, blue or mottled
cli-guide-key-breathing = breathing
cli-guide-key-floppy = floppy
cli-guide-key-smiles = smiles
cli-guide-prepare-border = soothe · before you start
cli-guide-prepare-enter = Press Enter when everything is ready, or q to stop here.

## soothe serve, migrate, user, token, backup, demo

cli-runtime-failed = cannot start the async runtime: { $error }
cli-data-dir-failed = cannot create the data directory { $dir }: { $error }
cli-db-open-failed = cannot open the database: { $error }
cli-db-damaged =
    the database file { $file } is damaged, so soothe will not start (the check said: { $problem }).
    To restore your last backup:
    1. Stop soothe (it is stopped now).
    2. Keep the damaged file aside: mv { $file } { $file }.damaged
    3. Copy your backup over it: cp /path/to/your-backup.db { $file }
    4. Delete the old write-ahead files: rm -f { $file }-wal { $file }-shm
    5. Start soothe again.
    Make backups with `soothe backup --out FILE`.
cli-will-not-start = soothe will not start: { $problem }
cli-schema-unreadable = cannot read the database's schema version: { $error }
cli-db-check-failed = soothe will not start: the database check could not run: { $error }
cli-listen-failed = cannot listen on { $bind }: { $error }
cli-db-no-answer = the database does not answer: { $error }
cli-server-failed = the server failed: { $error }
cli-vapid-failed = cannot read or make the Web Push keys: { $error }
cli-migrated = applied { $count } migration(s); the database is at the latest of { $latest }
cli-password-prompt = Password (at least 10 characters):
cli-password-again = Again:
cli-password-differ = the two passwords differ
cli-password-unreadable = cannot read the password: { $error }
cli-user-created =
    created { $email } (user { $user }), owner of "{ $household }" (household { $id }, { $zone })
    get an API token: soothe token create --email { $email }
cli-token-not-member = { $email } is not a member of that household
cli-backup-postgres = soothe backup copies the SQLite database; for PostgreSQL use pg_dump
cli-backup-no-database = no database at { $file }; nothing to back up
cli-backup-written = backup written to { $file } ({ $bytes } bytes)
cli-demo-no-household = { $email } belongs to no household
cli-demo-progress = seeding: { $done }/{ $total } days
cli-demo-seeded = seeded { $babies } babies with { $events } events in { $seconds } s
cli-demo-babies = babies: { $ids }
cli-demo-sign-in = sign in as { $email } with password { $password }
cli-demo-token = token: { $token }

## soothe check's input

cli-standard-input = standard input
cli-input-too-large = { $file } is larger than 1 MiB ({ $bytes } bytes); a check input is much smaller, so check that this is the right file
cli-input-not-utf8 = { $file } is not UTF-8 text; save it as UTF-8

## Settings (soothe.toml and SOOTHE_* variables)

cli-config-unknown = { $file }: unknown setting `{ $key }` (known: { $known })
cli-config-not-boolean = { $name }: `{ $raw }` is not a boolean (true or false)
cli-config-not-number = { $name }: `{ $raw }` is not a whole number
cli-config-invalid = invalid setting: { $error }
cli-config-bind = bind: `{ $bind }` is not an address like 127.0.0.1:8080
cli-config-database-url = database_url: use a postgres:// URL, or leave it empty for SQLite in data_dir
cli-config-log-level = log_level: `{ $level }` is not a log filter ({ $error })
cli-config-max-connections = max_connections: { $value } is outside 1–200
cli-config-public-url = public_url: `{ $url }` { $why }; use the address people type, like https://soothe.example.org
cli-config-url-scheme = must start with https:// or http://
cli-config-url-spaces = has spaces or control characters
cli-config-url-query = must not have a query (?) or a fragment (#)
cli-config-url-password = must not hold a user name or password
cli-config-url-host = has no host name

## The command line's help (soothe --help, soothe <command> --help): each command's about
## (cli-about-<path>), each argument's help (cli-arg-<path>-<id>; a global or built-in one by
## its id alone), the placeholders of values (cli-value-<name>) and the headings.

cli-help-usage = Usage
cli-help-commands = Commands
cli-help-arguments = Arguments
cli-help-options = Options
cli-value-lang = LANG
cli-value-file = FILE
cli-value-dir = DIR
cli-value-zone = ZONE
cli-value-id = ID
cli-value-claim = CLAIM
cli-value-routine = ROUTINE
cli-value-email = EMAIL
cli-value-household = HOUSEHOLD
cli-value-name = NAME
cli-value-babies = BABIES
cli-value-days = DAYS
cli-value-command = COMMAND
cli-arg-lang = The language of the output: `en` or `es` (default: the locale in `LC_ALL`, `LC_MESSAGES` or `LANG`, else English). JSON keeps its shape in every language
cli-arg-help = Print help
cli-arg-version = Print version
cli-about-help = Print this message or the help of the given subcommand(s)
cli-arg-help-subcommand = Print help for the subcommand(s)
cli-about = soothe: a calm companion for infant massage
cli-about-routines = List the massage routines
cli-arg-routines-json = Print JSON instead of text
cli-about-routine = Show one routine step by step, with seconds and the words to say
cli-arg-routine-id = The routine id, e.g. `full-body` (see `soothe routines`)
cli-arg-routine-json = Print JSON instead of text
cli-about-cues = Your baby's signs: what each looks like and what to do, grouped by what it means
cli-arg-cues-json = Print JSON instead of text
cli-about-oils = The oil guide: which oils suit which babies, and why
cli-arg-oils-json = Print JSON instead of text
cli-about-evidence = What the evidence says about each claimed benefit, with its grade
cli-arg-evidence-claim = One claim id (e.g. `sleep_term`); all claims when left out
cli-arg-evidence-json = Print JSON instead of text
cli-about-catalog = Work with the catalog
cli-about-catalog-check = Validate the catalog: the embedded one, or the TOML files under a directory
cli-arg-catalog-check-dir = A directory of catalog TOML files (e.g. `content/`) to validate instead of the embedded catalog
cli-about-session = Simulate sessions and write the engine's conformance vectors
cli-about-session-simulate = Plan a routine from a check input, replay timed events through the session engine, and print the record
cli-arg-session-simulate-routine = The routine id (overrides the check input's `routine`)
cli-arg-session-simulate-check = The check input (as for `soothe check`), or `-` for standard input
cli-arg-session-simulate-events = The events: `[{"{"}"t": 0, "event": "start"{"}"}, {"{"}"t": 75, "event": "cue", "cue": "looks_away"{"}"}]`
cli-arg-session-simulate-clinician = A trained doctor or nurse runs the session (needed for the routines only they may do)
cli-arg-session-simulate-json = Print the record as JSON
cli-about-session-vectors = Write the conformance vectors (one JSON file per scenario) that every session player must reproduce
cli-arg-session-vectors-out = The directory to write to (created if missing)
cli-about-guide = Guide a massage in the terminal: the current step large, a countdown, what comes next, one key per cue
cli-arg-guide-routine = The routine id, e.g. `full-body`
cli-arg-guide-check = A check input (as for `soothe check`) describing the baby now; without it soothe assumes a calm, healthy term baby of 16 weeks and asks you to check that first
cli-arg-guide-speak = Speak each step through `espeak-ng` (when it is installed)
cli-arg-guide-out = Write the session record as JSON to this file at the end
cli-arg-guide-clinician = A trained doctor or nurse runs the session (needed for the routines only they may do)
cli-about-check = Is now a good moment for a massage? Reads the check input as JSON
cli-arg-check-input = The input file, or `-` for standard input
cli-arg-check-json = Print the machine-readable result
cli-about-serve = Run the server: the web app and the JSON API on `SOOTHE_BIND` (default 127.0.0.1:8080), until Ctrl-C or SIGTERM
cli-about-worker = Run the reminders alone (the rhythms' reminders and the patch tests' checks) on the configured database, until Ctrl-C or SIGTERM: for setups that run `soothe serve` with `reminders = false`
cli-about-migrate = Apply pending database migrations (PostgreSQL; SQLite migrates when it opens)
cli-about-config = Print the effective settings (defaults, then `soothe.toml`, then `SOOTHE_*`), secrets redacted
cli-about-user = Manage user accounts
cli-about-user-create = Create an account that owns a new household. The password is asked for, or read from standard input when it is not a terminal
cli-arg-user-create-email = Email (the sign-in name)
cli-arg-user-create-household = The household's name
cli-arg-user-create-time-zone = The household's IANA time zone: "today" is counted in it
cli-arg-user-create-name = The name shown to the household (default: the email's local part)
cli-about-token = Manage API tokens
cli-about-token-create = Create an API token for a user and print it (shown once)
cli-arg-token-create-email = The user's email
cli-arg-token-create-name = A name to recognise the token by
cli-arg-token-create-household = The household id, for a user in several (default: their first)
cli-about-backup = Write a consistent copy of the SQLite database while soothe runs
cli-arg-backup-out = The file to write (must not exist)
cli-about-demo = Demo data
cli-about-demo-seed = Fill a demo household with a realistic journal (about 8 feeds, 4 sleeps, 1 massage and 6 nappies a day per baby, weights weekly), ending now. It writes into the database soothe is set to use: for a trial, give it a folder of its own, e.g. `SOOTHE_DATA_DIR=./demo-data`
cli-arg-demo-seed-babies = How many babies
cli-arg-demo-seed-days = How many days of journal
cli-arg-demo-seed-email = The demo owner's email (made with a random password if missing)
cli-about-user-reset-password = Print a one-time link that lets the account with this email choose a new password. It works once, for 24 hours; its address is `public_url`, else the listen address
cli-arg-user-reset-password-email = The account's email
cli-reset-link = A one-time link for { $email } to choose a new password (it works once, until { $expires } UTC):
cli-reset-link-local = This link uses the address soothe listens on; set public_url to make links that others can open.
cli-config-smtp = smtp_url: { $why }
cli-config-smtp-scheme = must start with smtp:// (STARTTLS), smtps:// (TLS) or smtp+plaintext:// (only to this machine)
cli-config-smtp-host = has no host name
cli-config-smtp-port = has a port that is not a number from 1 to 65535
cli-config-smtp-extra = must look like smtp://user:password@host:587, with no path, query, spaces or control characters
cli-config-smtp-plaintext = smtp+plaintext:// sends mail unencrypted, so it may only go to this machine (127.0.0.1, ::1 or localhost)
cli-config-smtp-encoding = has a user name or password that is not valid percent-encoding (write @ as %40)
cli-config-smtp-from = needs smtp_from to be an email address, like soothe <soothe@example.org>
cli-config-smtp-from-missing = needs smtp_from too: the sender's address, like soothe <soothe@example.org>
cli-config-smtp-public-url = needs public_url too: links in emails are made from it, never from the address a request names

## soothe export and soothe import household (issue 17)
cli-about-export = Write the whole household as soothe's export document (babies, every event, members without secrets, settings, rhythms, experiments), as CSV files in a zip, or one baby's journal as FHIR R4 for the doctor
cli-arg-export-email = The email of one of the household's owners
cli-arg-export-household = The household id, for an owner of several (default: their first)
cli-arg-export-csv = Write CSV files in a zip instead of the JSON document
cli-arg-export-fhir = Write this baby's journal as a FHIR R4 Bundle instead
cli-arg-export-out = The file to write (must not exist), or `-` for standard output
cli-about-import = Import data into soothe
cli-about-import-household = Import a soothe export document: into a new household made from it (its members come along; an account missing here is made without a password), or with `--email` into that owner's household, which must hold no other babies. All or nothing; running it again stores nothing new
cli-arg-import-household-file = The export document
cli-arg-import-household-email = Import into this owner's household instead of a new one
cli-arg-import-household-household = With `--email`: the household id, for an owner of several
cli-export-written = export written to { $file } ({ $bytes } bytes)
cli-import-done = imported into household { $household }:
cli-import-members = members: { $new } added, { $unchanged } already there
cli-import-babies = babies: { $new } new, { $unchanged } already there
cli-import-events = events: { $new } new, { $unchanged } already there
cli-import-rhythms = rhythms: { $new } new, { $unchanged } already there
cli-import-experiments = experiments: { $new } new, { $unchanged } already there
cli-import-account-made = { $email } has no password here yet: make them a link with `soothe user reset-password --email { $email }`
cli-import-not-member = { $email } is not a member of this household: their events name no one (invite them, then import again to keep who logged what)

## soothe restore
cli-about-restore = Put a SQLite backup back in place of the database (soothe stopped). The backup is checked first; the current database is kept beside it
cli-arg-restore-from = The backup to restore (made by `soothe backup`)
cli-restore-postgres = soothe restore puts back a SQLite backup; for PostgreSQL restore a pg_dump with pg_restore (or psql for a plain dump)
cli-restore-no-file = there is no file at { $file }
cli-restore-not-a-database = { $file } is not a SQLite database
cli-restore-damaged = { $file } is damaged (the integrity check said: { $problem }); try an older backup
cli-restore-not-soothe = { $file } is a SQLite database, but not one this soothe made
cli-restore-newer = { $file } was made by a newer soothe (its schema is at migration { $database }, this soothe knows up to { $binary }); restore it with that newer soothe
cli-restore-same-file = { $file } is the database itself
cli-restore-in-use = the database { $db } is open in another program: stop soothe (and its worker) first, then restore again
cli-restore-nothing-changed = Nothing was changed.
cli-restore-failed = the restore failed: { $error }
cli-restore-done = restored { $file } as { $db }
cli-restore-kept = the database that was there is kept as { $file } (delete it once the restored data looks right)
cli-restore-older = the backup's schema is at migration { $database } of { $binary }: soothe upgrades it when it starts (migrate_on_start) or with soothe migrate

## soothe import babybuddy: its help, progress lines (standard error) and report.
cli-about-import-babybuddy = Import a Baby Buddy's children and entries into a household, from its API (`--url` and `--token-file`) or from its admin JSON export (`--export`). Only GETs are sent to Baby Buddy. Nothing is stored unless everything can be; a second import stores only what is new. See docs/IMPORT.md
cli-arg-import-babybuddy-url = Baby Buddy's address, e.g. `http://babybuddy.local:8000`
cli-arg-import-babybuddy-token-file = A file holding the API key (Baby Buddy's user settings page shows it)
cli-arg-import-babybuddy-export = A folder with Baby Buddy's JSON export files (`feeding.json`, `child.json`, …)
cli-arg-import-babybuddy-export-zone = The time zone of the Baby Buddy user who made the export (its times carry none; default: the household's)
cli-arg-import-babybuddy-instance = The address of the Baby Buddy the export came from, so that its entries and those read from its API are the same ones
cli-arg-import-babybuddy-email = The email of an owner or caregiver of the household to import into
cli-arg-import-babybuddy-household = The household id, for a user in several (default: their first)
cli-arg-import-babybuddy-units = The units of Baby Buddy's numbers, `metric` or `us` (default: the household's)
cli-arg-import-babybuddy-dry-run = Only show what would be imported
cli-value-url = URL
cli-value-units = UNITS
cli-bb-progress = { $resource }: { $read } of { $count } read
cli-bb-progress-read = { $resource }: { $read } read
cli-bb-line = { $resource }: { $read } read, { $new } new, { $already } already there
cli-bb-skipped = { "  " }{ $count } not imported: { $reason }
cli-bb-dry-run = Dry run: nothing was stored.
cli-bb-done = Imported.
cli-bb-units = units: `{ $value }` is neither `metric` nor `us`
cli-bb-zone = `{ $zone }` is not a time zone (write one like Europe/Paris)
cli-bb-no-user = no account has the email { $email }
cli-bb-no-export = { $dir } holds no Baby Buddy JSON export file (feeding.json, child.json, …)
cli-bb-source = give --url with --token-file, or --export
cli-arg-demo-seed-households = How many households: the owner's first, then new ones the owner also owns, each with its babies, journal and an API token (for benchmarks of many households)
cli-arg-demo-seed-jobs = How many households are seeded at once
cli-arg-demo-seed-targets = A file to write each household's token and babies to, one line each (token, then the babies' ids, separated by tabs); made 0600, never overwritten
cli-demo-households = households: { $done }/{ $total }
cli-demo-households-seeded = in { $households } households
cli-value-households = HOUSEHOLDS
cli-value-jobs = JOBS
cli-value-targets = TARGETS
