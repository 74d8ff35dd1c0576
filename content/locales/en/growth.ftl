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
