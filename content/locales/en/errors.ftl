# Refusals: one message per stable code (`err-<code>`), the code's values as variables.
# Every code the code base can give is listed in soothe_core::journal::CODES.

refusal-position = { $message } (line { $line }, column { $column })

err-password-too-short = use at least { $min } characters (a few words make a good one)
err-password-too-long = use at most { $max } characters
err-password-wrong = this is not your current password
err-empty = is empty
err-email-too-long = longer than { $max } characters
err-email-invalid = `{ $value }` is not an email address
err-email-taken = an account for this email already exists
err-name-too-long = longer than { $max } characters
err-display-name-missing = a new account needs a display name
err-time-zone-unknown = `{ $value }` is not an IANA time zone (e.g. Europe/Paris, America/New_York)
err-invitation-hours = { $value } is outside { $min }–{ $max }
err-invitation-withdrawn = this invitation was withdrawn; ask for a new one
err-invitation-used = this invitation has already been used; ask for a new one
err-invitation-expired = this invitation has expired; ask for a new one
err-out-of-range = { $value } is outside the allowed range { $min }–{ $max }
err-not-an-hour = { $value } is not an hour of the day (0–23)
err-night-same-hours = the night must end at another hour than it starts
err-urgent-care-length = give a phone number of { $min } to { $max } characters ({ $value } given)
err-urgent-care-char = `{ $value }` cannot be in a phone number: use digits, spaces, +, - and parentheses
err-urgent-care-digits = a phone number needs digits
err-language-not-choosable = `{ $value }` is not a language you can choose; choose one of: { $list }
err-in-the-future = this date is in the future
err-due-and-gestation = give either the due date or the weeks at birth, not both
err-gestation-invalid = `{ $value }` is not a number of weeks at birth (e.g. 34 or 34+2)
err-too-long = longer than { $max } characters
err-after-latest = { $value } is after { $latest ->
        [now] `now`
        [check] the time of the check
       *[clock] the server's clock
    }
err-cleared-twice = `{ $value }` is cleared twice; give one clearance per reason
err-clearance-not-a-condition = `{ $value }` is not among the baby's conditions; add it to the conditions or leave this clearance out
err-oil-unknown = unknown oil `{ $value }`, expected one of: { $list }
err-routine-unknown = unknown routine `{ $value }`, expected one of: { $list }
err-phone-too-long = longer than { $max } characters
err-phone-plus-not-first = a `+` may only come first
err-phone-char = `{ $value }` is not allowed in a phone number: use digits, spaces and + ( ) - .
err-phone-digits = has { $value } digits; a phone number has { $min } to { $max }
err-born-too-long-ago = { $value } is more than { $max } years ago; soothe is for babies, so check the year
err-due-too-far = { $value } is more than { $max } weeks from the birth ({ $born }); check the date
err-before-birth = { $value } is before the baby was born ({ $born }); check the date
err-logged-ahead = { $value } is after { $latest ->
        [now] `now`
        [check] the time of the check
       *[clock] the server's clock
    }; an event cannot be logged ahead of time
err-end-before-start = { $value } is before the event's start ({ $start })
err-too-long-lasting = a { $kind ->
        [feeding] feed
        [sleep] sleep
        [crying] crying spell
        [illness] illness
        [massage] massage
        [nappy] nappy change
        [temperature] temperature
        [weight] weight
        [length] length
        [head] head size
        [vaccination] vaccination
        [skin] skin problem
        [patch_test] patch test
        [note] note
       *[other] { $kind }
    } lasting more than { $max } hours is not plausible; check the times
err-outside = { $value } is outside { $min }–{ $max }
err-unit-unknown = a { $kind ->
        [feeding] feed
        [sleep] sleep
        [crying] crying spell
        [illness] illness
        [massage] massage
        [nappy] nappy change
        [temperature] temperature
        [weight] weight
        [length] length
        [head] head size
        [vaccination] vaccination
        [skin] skin problem
        [patch_test] patch test
        [note] note
       *[other] { $kind }
    } is measured in one of: { $list }, not `{ $value }`
err-measure-implausible = { $value } { $unit } is outside the plausible { $min }–{ $max } { $base }; check the number and the unit
err-amount-outside = { $value } ml is outside { $min }–{ $max } ml
err-celsius-outside = { $value } °C is outside { $min }–{ $max } °C; check the reading and the unit
err-fahrenheit-outside = { $value } °F is outside { $min }–{ $max } °F; check the reading and the unit
err-sites-missing = name at least one site
err-note-empty = a note needs some words
err-end-ahead = { $value } is after { $latest ->
        [now] `now`
        [check] the time of the check
       *[clock] the server's clock
    }; log the end once it has happened
err-field-foreign = a `{ $kind }` event has no `{ $value }` (its fields: { $list })
err-field-missing = a `{ $kind }` event needs `{ $value }`
err-control-character = holds a hidden control character ({ $value }); type it again without it
err-control-character-multiline = holds a hidden control character ({ $value }); type it again without it (line breaks and tabs are fine)
err-control-character-name = the name of this field holds a hidden control character ({ $value })
err-json-invalid = { $detail }
err-json-not-an-object = send one JSON object (`{"{"} … {"}"}`), not a list or a single value
err-json-trailing = there is more after the end of the JSON document; send one JSON object only
err-json-unreadable = { $detail }
err-invalid = is not valid
err-not-found = nothing with that id in your household
err-forbidden = this needs the { $needs } role; you are a { $role } in this household
err-conflict = this clashes with what is already stored
err-running = a { $kind ->
        [feeding] feed
        [sleep] sleep
        [crying] crying spell
        [illness] illness
        [massage] massage
        [nappy] nappy change
        [temperature] temperature
        [weight] weight
        [length] length
        [head] head size
        [vaccination] vaccination
        [skin] skin problem
        [patch_test] patch test
        [note] note
       *[other] { $kind }
    } is already running since { $since }: stop it first (or fix it in the journal)
err-last-owner = a household needs an owner: make someone else an owner first
err-no-plan = nothing of this routine is left after the adaptations ({ $list }); choose another routine
err-set-up = soothe is already set up; sign in
err-clinician-only = this is a protocol for trained hospital staff only, not a home routine: soothe does not plan it for any member of a household (owner, caregiver or viewer) until it has a role for doctors and nurses. Choose a home routine.
err-not-ready = The check before a massage says: { $verdict }. { $reason }
err-not-ready-until = The check before a massage says: { $verdict } (until { $until }). { $reason }
err-too-young = The check before a massage says: not right now. { $reason }
err-wrong-credentials = wrong email or password
err-not-a-member = you are not a member of that household
err-no-account = no account for { $value }
err-no-household = this account belongs to no household yet; accept an invitation first
err-already-member = you are already a member of this household
err-name-missing = a baby needs a name
err-server-set = is set by the server; leave it out
err-not-a-sleep = this is not a sleep
err-not-a-time-of-day = `{ $value }` is not a time of day here
err-not-running = only a running event can be stopped
err-not-resolvable = only an illness or a skin problem can be over
err-not-startable = a { $kind ->
        [feeding] feed
        [sleep] sleep
        [crying] crying spell
        [illness] illness
        [massage] massage
        [nappy] nappy change
        [temperature] temperature
        [weight] weight
        [length] length
        [head] head size
        [vaccination] vaccination
        [skin] skin problem
        [patch_test] patch test
        [note] note
       *[other] { $kind }
    } is not started and stopped: log it whole
err-later-began = a later { $kind ->
        [feeding] feed
        [sleep] sleep
        [crying] crying spell
        [illness] illness
        [massage] massage
        [nappy] nappy change
        [temperature] temperature
        [weight] weight
        [length] length
        [head] head size
        [vaccination] vaccination
        [skin] skin problem
        [patch_test] patch test
        [note] note
       *[other] { $kind }
    } began at { $since }: this one cannot still be going; give its end
err-patch-watch = watch the skin for { $hours } hours before noting no reaction (from { $from })
err-woke-before-sleep = your baby fell asleep at { $since }: the time of waking up must be later
err-not-born-yet = the baby was not born yet at that time
err-routine-missing = choose a routine
err-state-missing = say how your baby is now (awake and calm, fussing, crying, hungry, drowsy or asleep): a massage starts only when the check knows
err-id-invalid = is not a valid id
err-cursor-invalid = not a cursor from a previous page
err-at-outside-days = { $value } is outside the days soothe can check ({ $min } to { $max }); check the year
err-record-routine = the record is of `{ $value }`, not `{ $expected }`
err-record-steps = the plan at the session's start has { $expected } steps, the record { $value }
err-record-step = expected step `{ $expected }` here, found `{ $value }`
err-record-after-end = is after the session ended
err-record-skips = differ from what the plan left out at the session's start
err-record-seconds = is not active_seconds + paused_seconds
err-reset-unknown = this password reset link is not one soothe made; check that the whole link was copied
err-reset-used = this password reset link has already been used; ask for a new one
err-reset-other-households = this person belongs to other households too, so a link from one household's owner could open the others: they can use “Forgot your password?” on the sign-in page, or ask whoever runs this soothe server
err-reset-expired = this password reset link has run out; ask for a new one

## A refusal naming its field: the field's label, then what is wrong with it.
refusal-named = { $field }: { $message }

## Fields named in refusals, where the form's own label does not fit in front of one.
field-new-password = New password
field-role = Role
field-invitation-hours = Hours the link stays valid
field-name = Name
field-gestation = Weeks at birth
field-sex = Sex
field-conditions = Health conditions
field-doctor-phone = Doctor's or clinic's phone number
field-feed-gap = Minutes to wait after a feed
field-vaccine-site = Hours to leave a vaccination site alone
field-patch-test = Hours to watch an oil patch test
field-night-start = The night starts at
field-night-end = The night ends at
field-urgent-care = Number to call for urgent medical help
field-language = The household's language
field-end = Ended
field-note = Note
field-state = How your baby is
field-day = Day

## The page for an address that leads nowhere (a mistyped link, something deleted).
notfound-title = This page is not here
notfound-text = The address may be mistyped, or what it showed was deleted or belongs to another household. Nothing else has changed.
notfound-home = Go to soothe's start page

## backbone: rhythms and reminders
err-sending-off = this server sends no reminders outside the app, so no test can be sent; ask whoever runs soothe to turn sending on
field-rhythm-time = Massage time
field-weekdays = Days
field-remind-before = Remind me before (minutes)
field-suggestion-days = Days to look at
field-part-of-day = Part of the day
field-date = Date
field-limit = How many

## notify: a channel's values (webhook, ntfy, Web Push, email).
err-url-scheme = must start with http:// or https://
err-url-host = has no server name after http:// or https://
err-url-invalid = is not a web address soothe can use (no spaces, no user name or password, a port from 1 to 65535, names written in plain letters)
err-topic-invalid = use only letters, digits, - and _ (at most { $max }), as ntfy does
err-push-key-invalid = is not a browser's push key (65 bytes in base64url)
err-push-auth-invalid = is not a push subscription's secret ({ $max } bytes in base64url)
field-url = Address (URL)
field-secret = Shared secret
field-topic = ntfy topic
field-endpoint = Push address
field-p256dh = Browser's push key
field-auth = Push subscription's secret
field-to = Email address

## insights: days and comparisons
err-from-after-to = { $value } is after the last day asked for ({ $to }); give the first day first
err-range-too-long = from { $value } to { $to } is { $days } days; ask for at most { $max } at once
err-outcome-unknown = unknown outcome `{ $value }`, expected one of: { $list }
err-experiment-running = an experiment is already running for this baby until { $end }; stop it first or wait for its result
field-from = From
field-outcome = Outcome
field-period = Period

# A posted form the server cannot take: too large, or its security token no longer matches.
form-too-large = This form holds more than soothe takes at once. Shorten the longest text and send it again.
form-expired = This form has expired. Go back, reload the page and send it again.

## The household export and its import (issue 17)
err-export-format = is not a soothe household export (its "format" must be "{ $format }")
err-export-version = was written as version { $value }; this soothe reads version { $version } (use the soothe that wrote it, or a newer one)
err-import-no-owner = names no owner: a new household needs one
err-import-baby-unknown = names no baby of this export
err-import-member-unknown = names no member of this export
err-import-not-empty = this household already holds other babies: import into a new or an empty household
err-import-differs = is already stored with other values; nothing was imported
err-import-taken = belongs to another household on this server: import into that household, or delete it there first

# Deleting a baby, a household or an account: what was typed to confirm, and the last owner.
err-confirm-mismatch = this does not match: type it exactly as it is shown above
err-account-last-owner = you are the last owner of { $household }: make someone else an owner there, or delete the household, before deleting your account
field-confirm = Typed to confirm

# Import from Baby Buddy: a page of its API (or a file of its export) that could not be read,
# and a record whose field could not be read.
err-babybuddy-page = the Baby Buddy list `{ $resource }` answered HTTP { $status } from record { $offset } on; nothing was imported
err-babybuddy-token = Baby Buddy refused the API key (HTTP { $status }): copy it again from Baby Buddy's user settings page; nothing was imported
err-babybuddy-unreachable = Baby Buddy could not be reached ({ $problem }): check its address and that it is running; nothing was imported
err-babybuddy-not-a-page = the Baby Buddy list `{ $resource }` from record { $offset } on is not a page of Baby Buddy's API ({ $problem }); nothing was imported
err-babybuddy-unreadable = this Baby Buddy record could not be read ({ $problem }); nothing was imported
err-babybuddy-api-off = this household has not let Baby Buddy's apps in: an owner can turn them on in the household's settings
