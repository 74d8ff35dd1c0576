## Growth against the WHO Child Growth Standards (2006): what a family reads beside a
## measurement. soothe notices, it never diagnoses: every flag leads to the check-up.

growth-weight-for-age = Weight for age
growth-length-for-age = Length for age
growth-head-circumference-for-age = Head circumference for age
growth-source = WHO Child Growth Standards (2006)
growth-age = Age
growth-corrected-age = Corrected age (for being born early)
growth-mention-at-check-up = Mention this at your next check-up.
growth-flag-below-p2 = Below the 2nd percentile line.
growth-flag-above-p98 = Above the 98th percentile line.
growth-flag-crossed-down = Moved down across { $lines } major percentile { $lines ->
        [one] line
       *[other] lines
    } since an earlier measurement.
growth-flag-crossed-up = Moved up across { $lines } major percentile { $lines ->
        [one] line
       *[other] lines
    } since an earlier measurement.
growth-needs-sex = The WHO standards differ for girls and boys: add the baby's sex in the profile to see percentiles.
growth-outside-ages = The WHO standards used here do not cover this age, so there is no percentile for this measurement.
growth-before-due-date = This measurement was taken before the baby's due date. The WHO standards start at a birth at full term; ask the care team which chart they use until then.
growth-implausible = This value is far from anything the standards expect at this age. Check how it was measured and entered; if it is right, mention it at your next check-up.
growth-invalid-value = This measurement is not a number above zero.

## The growth page.
growth-title = Growth
growth-heading = { $name }'s growth
growth-intro = Weight, length and head circumference from the journal, against the WHO Child Growth Standards. Percentiles are a guide: your care team reads them with the whole picture.
growth-edit-baby = Edit { $name }'s profile
growth-born-early = Born early: measurements are placed at corrected age (age minus the weeks born early) until 24 months, and both ages are shown.
growth-none = No measurements yet.
growth-log-weight = Log a weight
growth-today-link = Growth
growth-col-date = Date
growth-col-value = Value
growth-col-percentile = Percentile
growth-table-caption = { $indicator }: each measurement
growth-age-weeks = { $days ->
        [0] { $weeks } wk
       *[other] { $weeks } wk { $days } d
    }
growth-age-months = { $months } mo
growth-age-before-due = { $days } d before the due date
growth-age-both = { $age } (corrected: { $corrected })
growth-axis-weeks = { $n } wk
growth-axis-months = { $n } mo
growth-line-name = P{ $p }
growth-chart-desc = { $indicator } of { $name }: { $count ->
        [one] one measurement
       *[other] { $count } measurements
    } drawn against the WHO's 3rd, 15th, 50th, 85th and 97th percentile lines for { $sex ->
        [female] girls
       *[male] boys
    }, by { $corrected ->
        [yes] corrected age
       *[no] age
    }. The table below lists each measurement.
growth-chart-corrected = The chart's ages are corrected ages.
growth-percentile-under = under { $value }
growth-percentile-over = over { $value }
