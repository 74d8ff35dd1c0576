# Insights: massage days against other days, and the family experiment (crates/words/src/insights.rs).
# $amount, $low and $high are shown amounts (minutes rounded to 5, or to 1 under 3 min; counts
# to 0.1); $n is 1 when the amount reads 1, else 2 ("time" or "times"); $name is the baby's name;
# $narrow is "yes" when $low and $high read the same.

insights-outcome = { $outcome ->
    [night_sleep_minutes] Night sleep
    [longest_sleep_minutes] Longest sleep
    [night_wakings] Night wakings
    [crying_minutes] Crying
    [gas_episodes] Gas
   *[feeds] Feeds
 }

# Seen in the log (never causal words).
insights-seen-more = On massage days { $outcome ->
    [night_sleep_minutes] { $name } slept about { $amount } more at night than on other days
    [longest_sleep_minutes] { $name }'s longest sleep was about { $amount } longer than on other days
    [night_wakings] { $name } woke about { $amount } { $n ->
        [one] more time
       *[other] more times
    } in the night than on other days
    [crying_minutes] { $name } cried about { $amount } more than on other days
    [gas_episodes] { $name } passed gas about { $amount } { $n ->
        [one] more time
       *[other] more times
    } a day than on other days
   *[feeds] { $name } fed about { $amount } { $n ->
        [one] more time
       *[other] more times
    } a day than on other days
 }; { $narrow ->
    [yes] the range that fits the data is narrow, about { $low }
   *[no] the range that fits the data is { $low } to { $high }
 }.
insights-seen-less = On massage days { $outcome ->
    [night_sleep_minutes] { $name } slept about { $amount } less at night than on other days
    [longest_sleep_minutes] { $name }'s longest sleep was about { $amount } shorter than on other days
    [night_wakings] { $name } woke about { $amount } { $n ->
        [one] fewer time
       *[other] fewer times
    } in the night than on other days
    [crying_minutes] { $name } cried about { $amount } less than on other days
    [gas_episodes] { $name } passed gas about { $amount } { $n ->
        [one] fewer time
       *[other] fewer times
    } a day than on other days
   *[feeds] { $name } fed about { $amount } { $n ->
        [one] fewer time
       *[other] fewer times
    } a day than on other days
 }; { $narrow ->
    [yes] the range that fits the data is narrow, about { $low }
   *[no] the range that fits the data is { $low } to { $high }
 }.
insights-seen-same = No clear difference in { $name }'s { $outcome ->
    [night_sleep_minutes] night sleep
    [longest_sleep_minutes] longest sleep
    [night_wakings] night wakings
    [crying_minutes] crying
    [gas_episodes] gas
   *[feeds] feeds
 } between massage days and other days: { $unit ->
    [minutes] the range that fits the data runs from { $low } less to { $high } more.
   *[count] the range that fits the data runs from { $low } fewer to { $high } more a day.
 }
insights-seen-caveat = This is one baby, and other things change too: it does not show that massage made the difference.
insights-adjusted = Allowing for { $name } growing older over these days.

# From a family experiment (the days were drawn, so causal words are allowed).
insights-tried-more = In the experiment, massage made { $outcome ->
    [night_sleep_minutes] { $name } sleep about { $amount } more at night
    [longest_sleep_minutes] { $name }'s longest sleep about { $amount } longer
    [night_wakings] { $name } wake about { $amount } { $n ->
        [one] more time
       *[other] more times
    } in the night
    [crying_minutes] { $name } cry about { $amount } more
    [gas_episodes] { $name } pass gas about { $amount } { $n ->
        [one] more time
       *[other] more times
    } a day
   *[feeds] { $name } feed about { $amount } { $n ->
        [one] more time
       *[other] more times
    } a day
 }; { $narrow ->
    [yes] the range that fits the data is narrow, about { $low }
   *[no] the range that fits the data is { $low } to { $high }
 }.
insights-tried-less = In the experiment, massage made { $outcome ->
    [night_sleep_minutes] { $name } sleep about { $amount } less at night
    [longest_sleep_minutes] { $name }'s longest sleep about { $amount } shorter
    [night_wakings] { $name } wake about { $amount } { $n ->
        [one] fewer time
       *[other] fewer times
    } in the night
    [crying_minutes] { $name } cry about { $amount } less
    [gas_episodes] { $name } pass gas about { $amount } { $n ->
        [one] fewer time
       *[other] fewer times
    } a day
   *[feeds] { $name } feed about { $amount } { $n ->
        [one] fewer time
       *[other] fewer times
    } a day
 }; { $narrow ->
    [yes] the range that fits the data is narrow, about { $low }
   *[no] the range that fits the data is { $low } to { $high }
 }.
insights-tried-same = In the experiment, massage made no clear difference to { $name }'s { $outcome ->
    [night_sleep_minutes] night sleep
    [longest_sleep_minutes] longest sleep
    [night_wakings] night wakings
    [crying_minutes] crying
    [gas_episodes] gas
   *[feeds] feeds
 }: { $unit ->
    [minutes] the range that fits the data runs from { $low } less to { $high } more.
   *[count] the range that fits the data runs from { $low } fewer to { $high } more a day.
 }
insights-tried-caveat = This holds for { $name } over these weeks, not for babies in general.
insights-probability = The chance that massage days were the better ones: about { $percent } %.
insights-adherence = { $followed } of { $planned } planned days were followed.
insights-caveat-stopped-early = The experiment stopped after { $done } of { $days } days, so this result is incomplete and less sure.
insights-caveat-low-adherence = Only { $followed } of { $planned } planned days were followed, so the comparison is weaker than planned.

# No number yet: what is missing.
insights-too-few-both = Not enough days to compare yet: { $massage ->
    [one] one more massage day
   *[other] { $massage } more massage days
 } and { $other ->
    [one] one more day without massage
   *[other] { $other } more days without massage
 } are needed (at least { $min } of each).
insights-too-few-massage = Not enough days to compare yet: { $massage ->
    [one] one more massage day is
   *[other] { $massage } more massage days are
 } needed (at least { $min }).
insights-too-few-other = Not enough days to compare yet: { $other ->
    [one] one more day without massage is
   *[other] { $other } more days without massage are
 } needed (at least { $min }).
insights-nothing-logged = { $outcome ->
    [night_sleep_minutes] No night sleep was logged in these days, so there is nothing to compare.
    [longest_sleep_minutes] No sleep was logged in these days, so there is nothing to compare.
    [night_wakings] No night waking was logged in these days (a sleep after the first in a night), so there is nothing to compare.
    [crying_minutes] No crying was logged in these days, so there is nothing to compare.
    [gas_episodes] No gas was logged in these days, so there is nothing to compare.
   *[feeds] No feeds were logged in these days, so there is nothing to compare.
 }
insights-not-mixed = The massage days and the other days fall in separate weeks, so { $name } growing older cannot be told apart from the massage. Mixing them over the weeks, or an experiment, makes a fair comparison.
insights-unstable = These days cannot be compared reliably yet; more days logged will help.
