## The printable check-up report (crates/server/src/web/report.rs, templates/report.html):
## what the family logged, for the baby's doctor or nurse. It lists and flags; it never
## diagnoses, and massage is never a treatment.

report-title = Check-up report
report-heading = For the check-up: { $name }
report-kicker = soothe · check-up report
report-link = Check-up report to print
report-period = The last four weeks: { $from } to { $to }.
report-made = Made on { $made }.
report-born = Born
report-print = Print
report-back-growth = Back to { $name }'s growth
report-not-diagnosis = This report lists what the family logged in soothe, for the baby's doctor or nurse. soothe does not diagnose, and massage is not a treatment for any illness: the care team reads these numbers with the whole picture.

report-growth = Growth
report-no-growth = No weight, length or head circumference logged yet.

report-weeks = Week by week
report-weeks-intro = Averages are per day with something logged; a week with nothing logged shows a dash.
report-weeks-caption = Each week: feeds, sleep, nappies, crying and massages
report-week-dates = { $from } to { $to }
report-days-logged = { $logged } of { $days }
report-nappies = { $wet } wet, { $dirty } dirty
report-col-week = Week
report-col-logged = Days logged
report-col-feeds-day = Feeds a day
report-col-night-day = Night sleep a day
report-col-sleep-day = Sleep a day (all)
report-col-nappies = Nappies
report-col-crying-day = Crying a day
report-col-massages = Massages

report-days = Day by day
report-days-intro = A day runs from 07:00 to 07:00 the next morning; its night from 19:00. A dash: nothing was logged that day.
report-days-caption = Each day of the last four weeks
report-day-date = { $weekday } { $day }
report-col-day = Day
report-col-feeds = Feeds
report-col-night = Night sleep
report-col-sleep = Sleep (all)
report-col-wet = Wet nappies
report-col-dirty = Dirty nappies
report-col-crying = Crying

report-health = Warning signs, temperatures and illnesses
report-health-note = A warning sign happening now needs medical care straight away, not the check-up: call your doctor or your emergency number.
report-signs = Warning signs
report-temperatures = Temperatures
report-illnesses = Illnesses
report-none-logged = None logged in these four weeks.
report-col-when = When
report-col-sign = Sign
report-col-note = Note
report-col-reading = Reading
report-col-from = From
report-col-until = Until
report-temperature-high = (38 °C / 100.4 °F or more)
report-illness-going-on = still going on

report-insights = Massage days and other days
report-insights-intro = Massage days against other days over the same four weeks, allowing for { $name } growing older. These are one baby's days: they do not show what massage does for babies in general, and they never replace the care team's advice.
report-insight-days = Compared: { $massage ->
    [one] one massage day
   *[other] { $massage } massage days
 } and { $other ->
    [one] one other day
   *[other] { $other } other days
 } with something logged.
report-footer = Made by soothe from the family's own log. The numbers are only as complete as the logging.
