## The daily rhythm, the notifications and the channels on the web
## (crates/server/src/web/rhythm.rs, notifications.rs, channels.rs; Today's next good moment).

## Today.
rw-today-link = Daily rhythm and reminders
rw-today-why = Why then

## The rhythm page.
rw-title = Daily rhythm
rw-heading = { $name }'s daily rhythm
rw-intro = A massage at about the same time each day, when your baby is awake and calm and not just fed, can become a quiet ritual for you both.
rw-suggestion-heading = A time that would have worked
rw-suggestion = { $time } — worked on { $worked } of { $days } days
rw-use = Use { $time }
rw-use-note = Every day, the { $routine } routine, with a reminder { $minutes } minutes before. You can change it below.
rw-not-enough = Not enough days logged yet: { $logged } of the { $needed } needed. Keep logging feeds and sleeps, and a time will be suggested here.
rw-part-show = Show
rw-current-heading = Your rhythm
rw-none = No rhythm set yet.
rw-current-time = Time: { $time }
rw-current-suggested = Time: the suggested time ({ $time } for the next one)
rw-current-suggested-unknown = Time: the suggested time (none yet: keep logging)
rw-current-routine = Routine: { $routine }
rw-current-days = Days: { $days }
rw-every-day = every day
rw-current-remind = A reminder { $minutes } min before
rw-current-remind-none = A reminder at the time itself
rw-current-off = Reminders are off
rw-current-next = Next reminder: { $when }
rw-form-heading = Set the rhythm yourself
rw-time-mode = When
rw-time-at = At a time I choose
rw-time-suggested = Follow the suggested time (kept up to date)
rw-field-enabled = Send reminders
rw-save = Save the rhythm
rw-saved = Rhythm saved.
rw-time-invalid = `{ $value }` is not a time of day (HH:MM)
rw-delete = Remove the rhythm
rw-delete-title = Remove { $name }'s rhythm?
rw-delete-what = Its reminders stop. Nothing in the journal changes.
rw-delete-yes = Remove the rhythm
rw-deleted = Rhythm removed.
rw-viewer = Only caregivers and owners can change the rhythm.
rw-channels-link = Where reminders go

## The calendar.
rw-calendar-heading = In your calendar
rw-calendar-intro = A private calendar address puts the rhythm and patch-test checks in your phone's calendar. Anyone with the address can read it, so share it only with people you trust.
rw-calendar-add = Add to your calendar
rw-calendar-made = Your calendar address. It is shown only this once: copy it now, or share it to your calendar app.
rw-calendar-copy = Copy the address
rw-calendar-share = Share the address
rw-calendar-share-title = { $name }'s massage rhythm
rw-calendar-feeds = Calendar addresses
rw-calendar-feed = Made { $when }
rw-calendar-revoke = Revoke
rw-calendar-revoke-title = Revoke this calendar address?
rw-calendar-revoke-what = Calendars that use it stop updating. You can make a new one.
rw-calendar-revoke-yes = Revoke the address
rw-calendar-revoked = Calendar address revoked.

## Notifications.
nt-title = Notifications
nt-badge = { $count ->
    [one] 1 new notification
   *[other] { $count } new notifications
}
nt-none = Nothing yet. Reminders for the daily rhythm and patch-test checks show here.
nt-new = New
nt-massage = Massage time for { $baby }: { $time }, { $routine }
nt-massage-wait = Massage time for { $baby }: a feed was just logged, so after { $until } is better
nt-held = { $baby }'s { $time } massage reminder was held back: { $why }
nt-held-seek_care = the last check says to get medical help now
nt-held-not_today = the last check says no massage today
nt-held-ask_clinician = the last check says to ask your doctor or nurse first
nt-held-experiment_rest_day = today is a day without massage in your experiment
nt-held-other = the last check did not allow a massage
nt-patch = Time to look at { $baby }'s skin: the { $oil } patch test ended at { $time }
nt-test = A test message
nt-late = Sent late: soothe was not running when it was due.
nt-open = Open
nt-channels = Where reminders go

## Channels.
ch-title = Where reminders go
ch-intro = Reminders always show in soothe's notifications. You can also have them sent to this browser, to a webhook (Home Assistant, for example), to ntfy or by email. They go only where you choose.
ch-none = No other places yet.
ch-yours = Your places
ch-kind-webhook = Webhook
ch-kind-ntfy = ntfy
ch-kind-web_push = Browser
ch-kind-email = Email
ch-ntfy-target = { $topic } on { $host }
ch-ok = Working
ch-added = Added { $when }
ch-failing = Failing since { $since }
ch-last-error = Last error: { $error }
ch-test = Send a test
ch-test-sent = Test sent. Check that it arrived.
ch-test-failed = The test was not sent: { $error }
ch-test-off = This server does not send messages.
ch-delete = Remove
ch-delete-title = Stop sending reminders to { $what }?
ch-delete-what = Reminders stop going there. You can add it again later.
ch-delete-yes = Remove it
ch-deleted = Removed.
ch-added-done = Added. Send a test to check that it works.
ch-webhook-heading = Add a webhook
ch-webhook-recipe = soothe sends a JSON POST with the header X-Soothe-Signature: sha256= followed by the HMAC-SHA256 of the exact body, made with this secret, in lowercase hexadecimal. Check it before you trust a message.
ch-ntfy-heading = Add ntfy
ch-ntfy-hint = Pick a topic that is hard to guess: anyone who knows it can read the reminders.
ch-email-heading = Add an email address
ch-push-heading = This browser
ch-push-intro = Get reminders on this phone or computer, even when soothe is closed. Your browser asks for permission first.
ch-push-add = Send reminders to this browser
ch-push-unavailable = This browser cannot get reminders from this server.
ch-push-denied = Notifications are blocked for soothe in this browser's settings.
ch-push-done = This browser will get reminders.
ch-push-failed = This browser could not be added.
ch-add = Add
ch-back = Back to your account
ch-kind-unknown = `{ $value }` is not a kind of place soothe can send to
