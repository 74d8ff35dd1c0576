# Import from Baby Buddy: the lines soothe writes into an imported event's note, the names
# of Baby Buddy's resources and why a record was not imported (docs/IMPORT.md).
bb-feed-type = Type: { $type }
bb-type-breast-milk = breast milk
bb-type-formula = formula
bb-type-fortified = fortified breast milk
bb-type-solid-food = solid food
bb-self-fed = Fed themselves
bb-amount = Amount in Baby Buddy: { $amount }
bb-nappy-colour = Colour: { $colour }
bb-colour-black = black
bb-colour-brown = brown
bb-colour-green = green
bb-colour-yellow = yellow
bb-tummy-time = Tummy time, { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
bb-milestone = Milestone: { $milestone }
bb-pumping = Pumping: { $amount } (amount in Baby Buddy), { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}
bb-medication = Medicine: { $name } { $dosage } { $unit }
bb-dose-tablets = tablets
bb-dose-drops = drops
bb-tags = Tags in Baby Buddy: { $tags }
bb-resource-children = children
bb-resource-feedings = feedings
bb-resource-sleep = sleeps
bb-resource-changes = nappy changes
bb-resource-tummy-times = tummy times
bb-resource-temperature = temperatures
bb-resource-weight = weights
bb-resource-height = heights
bb-resource-head-circumference = head circumferences
bb-resource-notes = notes
bb-resource-pumping = pumping sessions
bb-resource-medication = medicines
bb-resource-bmi = BMIs
bb-resource-timers = running timers
bb-skipped-bmi = soothe keeps no BMI (it keeps weight and length)
bb-skipped-dry-nappy = neither wet nor solid
bb-skipped-timer-kind = the timer's name does not say whether it times a feed or a sleep
bb-skipped-timer-no-child = the timer is for no child
bb-skipped-timer-forgotten = the timer has run for over 24 hours
