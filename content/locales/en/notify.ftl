## Reminders and test messages sent on a channel (webhook, ntfy, Web Push, email).
## $baby is the baby's name; $routine the routine's title; $time and $until are times of day
## (19:30) in the household's zone.
notify-your-baby = your baby
notify-massage-title = Time for { $baby }'s massage
notify-massage-body = Time for { $baby }'s massage ({ $routine }) at { $time }.
notify-massage-body-plain = Time for { $baby }'s massage at { $time }.
notify-massage-wait-title = { $baby }'s massage: a little later today
notify-massage-wait-body = Not quite yet: a massage for { $baby } ({ $routine }) fits after { $until }, as the check says to wait until then.
notify-massage-wait-body-plain = Not quite yet: a massage for { $baby } fits after { $until }, as the check says to wait until then.
notify-late = Late: soothe was not running at { $time }.
notify-patch-title = Time to look at the skin
notify-patch-body = Time to look at the skin where you tested an oil on { $baby } (the watch ended at { $time }). Note in soothe what you see.
notify-test-title = soothe: a test message
notify-test-body = This channel works: soothe's reminders will arrive here.
notify-open = Open soothe: { $url }
