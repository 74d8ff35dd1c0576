## The private calendar feed (iCalendar): what a family's calendar app shows for a baby.

calendar-name = { $baby }'s massage
calendar-rhythm-summary = Massage time for { $baby }
calendar-rhythm-description = Your daily time for { $routine } (about { $minutes } { $minutes ->
        [one] minute
       *[other] minutes
    }). Go ahead only when { $baby } is awake and calm and has not just been fed; soothe's check says whether now is a good moment.
calendar-rhythm-alarm = Massage time for { $baby } in { $minutes } { $minutes ->
        [one] minute
       *[other] minutes
    }.
calendar-rhythm-alarm-now = Massage time for { $baby }.
calendar-check-summary = Look at { $baby }'s skin: { $oil } patch test
calendar-check-description = The patch test of { $oil } has been watched long enough. Look at the patch of skin on { $baby } and note in soothe whether there was a reaction.
calendar-check-alarm = Time to look at { $baby }'s skin ({ $oil } patch test).
