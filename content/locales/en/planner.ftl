# The planner: the suggested daily time, today's good windows and why (crates/words/src/planner.rs).

planner-suggested-time = Suggested time: { $time }
planner-worked = Worked on { $worked } of { $days } days
planner-too-few-days = Not enough days logged yet: { $logged } of the { $needed } needed
planner-no-time = No time of the day fitted on any of the last { $days ->
    [one] day
   *[other] { $days } days
}
planner-next-moment = Next good moment: { $from }–{ $to }
planner-moment-until = Good timing until { $to }
planner-no-window = No good moment left today

planner-part-morning = Morning (06:00–12:00)
planner-part-afternoon = Afternoon (12:00–17:00)
planner-part-evening = Before bedtime (17:00–21:00)
planner-part-any = Any time of the day (06:00–22:00)

planner-why-usually-awake = Usually awake and calm then
planner-why-after-feed = At least { $gap } min after the feed that ended at { $time }
planner-why-after-usual-feed = At least { $gap } min after the feed that usually ends around { $time }
planner-why-before-feed = Before the feed at { $time }
planner-why-before-usual-feed = Before the next feed, usually around { $time }
planner-why-after-sleep = Awake since { $time }
planner-why-before-sleep = Before the sleep at { $time }
planner-why-after-usual-sleep = Usually awake again by { $time }
planner-why-before-usual-sleep = Before the usual sleep, around { $time }
planner-why-after-crying = After the crying that stopped at { $time }
planner-why-before-crying = Before the crying at { $time }
planner-why-after-usual-crying = After the usual unsettled time, calm again around { $time }
planner-why-before-usual-crying = Before the usual unsettled time, around { $time }
planner-why-in-part = { $part ->
    [morning] In the morning, as you chose
    [afternoon] In the afternoon, as you chose
    [evening] Before bedtime, as you chose
   *[any] At any time of the day, as you chose
}
planner-why-outside-part = { $part ->
    [morning] Not in the morning you chose: the best time there worked on { $best } of { $days } days
    [afternoon] Not in the afternoon you chose: the best time there worked on { $best } of { $days } days
    [evening] Not before bedtime as you chose: the best time there worked on { $best } of { $days } days
   *[any] Not in the part of the day you chose: the best time there worked on { $best } of { $days } days
}
