# The insights page and the family experiment's pages (crates/server/src/web/insights.rs).
# $name is the baby's name; dates are short (28 Nov) unless said.

iw-title = Insights
iw-heading = Insights for { $name }
iw-intro = soothe compares the days { $name } had a massage with the days without one, from what you logged. It shows what your log holds, nothing more.
iw-evidence-note = Research on massage for babies' sleep and crying is weak; these pages look only at your baby.
iw-evidence-link = What the research says
iw-period = Period
iw-period-days = Last { $days } days
iw-period-show = Show
iw-period-range = From { $from } to { $to }. Each day runs from 07:00 to 07:00 the next morning; the night from 19:00.
iw-compare-heading = Massage days and other days
iw-days-counted = Days counted: { $massage ->
    [one] one massage day
   *[other] { $massage } massage days
 } and { $other ->
    [one] one day without massage
   *[other] { $other } days without massage
 }.

# The day charts.
iw-charts-heading = Day by day
iw-legend-massage = Massage day (marked with a dot under the bar)
iw-legend-other = Day without massage
iw-chart-night = Night sleep
iw-chart-crying = Crying
iw-chart-feeds = Feeds
iw-chart-desc = { $what } of { $name } each day from { $from } to { $to }, one bar a day. { $massaged ->
    [one] One massage day is
   *[other] { $massaged } massage days are
 } marked with a dot; { $logged ->
    [one] one day has
   *[other] { $logged } days have
 } something logged, days without a log have no bar.
iw-show-numbers = Show the numbers
iw-table-caption = { $what }: each day
iw-col-date = Day
iw-col-massage = Massage
iw-massage-yes = Massage day
iw-massage-no = No massage
iw-not-logged = nothing logged

# The family experiment: the form and the list.
iw-try-heading = Try it for yourselves
iw-try-intro = A fair test for { $name }: soothe picks the days for you in pairs, one with a massage and one without, the order drawn by chance, so growing older and other changes fall on both kinds of day. Follow the plan, log as usual, and at the end soothe compares the two kinds of day.
iw-try-outcome = What to compare
iw-try-days = How many days ({ $min } to { $max })
iw-try-start = Start the experiment
iw-try-viewer = Owners and caregivers start an experiment; you can read each one here.
iw-try-running = An experiment is running: { $outcome }, until { $end }.
iw-experiments-heading = Your experiments
iw-experiments-none = No experiment yet.
iw-exp-item = { $outcome }, { $from } to { $to }
iw-exp-status-starts = starts on { $date }
iw-exp-status-day = day { $n } of { $days }
iw-exp-status-done = finished
iw-exp-status-stopped = stopped on { $date }

# An experiment's page.
iw-exp-title-short = Experiment
iw-exp-title = Experiment for { $name }: { $outcome }
iw-exp-intro = On a massage day, give the massage as usual; on a day without massage, skip it. Log feeds, sleep and crying as always: the comparison needs them.
iw-exp-started = Experiment started: the first day is { $date }.
iw-exp-result-heading = What the experiment found
iw-exp-waiting = The result shows here after the last day, { $date }.
iw-exp-adherence-heading = How it is going
iw-exp-no-days-yet = No day of the plan is over yet.
iw-exp-stop = Stop the experiment
iw-exp-stop-title = Stop this experiment?
iw-exp-stop-note = Stopping early keeps what was logged; the result will say it is incomplete and less sure. It cannot be started again.
iw-exp-stopped-now = Experiment stopped.
iw-exp-schedule = The plan
iw-exp-schedule-caption = Each day of the experiment and whether it was followed
iw-exp-col-plan = Plan
iw-exp-col-followed = Followed
iw-exp-day-massage = Massage day
iw-exp-day-other = Day without massage
iw-exp-day = { $weekday } { $date }
iw-exp-today = today
iw-exp-followed = followed
iw-exp-not-followed = not followed
iw-exp-back = Back to the insights
