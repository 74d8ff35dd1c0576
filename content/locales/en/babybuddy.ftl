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
# The Baby Buddy–compatible API (/bb/api/): Baby Buddy's own English words where it has them.
bbapi-required = This field is required.
bbapi-null = This field may not be null.
bbapi-pk = Invalid pk "{ $value }" - object does not exist.
bbapi-pk-type = Incorrect type. Expected pk value, received { $type }.
bbapi-datetime = Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].
bbapi-date = Date has wrong format. Use one of these formats instead: YYYY-MM-DD.
bbapi-time = Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]].
bbapi-number = A valid number is required.
bbapi-boolean = Must be a valid boolean.
bbapi-text = Not a valid string.
bbapi-text-long = Ensure this field has no more than { $max } characters.
bbapi-list = Expected a list of items but got type "{ $type }".
bbapi-choice = "{ $value }" is not a valid choice.
bbapi-unsupported-field = soothe does not keep pictures or images.
bbapi-future = Date/time can not be in the future.
bbapi-date-future = Date can not be in the future.
bbapi-end-before-start = Start time must come before end time.
bbapi-too-long = Duration too long.
bbapi-overlap = Another entry intersects the specified time period. Conflicting entry: { $model } { $id }.
bbapi-not-kept = soothe does not keep this entry: { $why }.
bbapi-child-fixed = An entry stays with its child in soothe: delete it and add it again for the other child.
bbapi-child-has-journal = This child has entries in soothe: an owner deletes it in soothe, by typing its name.
bbapi-unreadable = This value cannot be read: { $problem }.
bbapi-filter-choice = Select a valid choice. { $value } is not one of the available choices.
bbapi-filter-child = Select a valid choice. That choice is not one of the available choices.
bbapi-filter-datetime = Enter a valid date/time.
bbapi-not-found = No { $model } matches the given query.
bbapi-route-not-found = Not found.
bbapi-no-token = Authentication credentials were not provided.
bbapi-bad-token = Invalid token.
bbapi-permission = You do not have permission to perform this action.
bbapi-method = Method "{ $method }" not allowed.
bbapi-json = JSON parse error - { $problem }
bbapi-dict = Invalid data. Expected a dictionary, but got { $type }.
bbapi-media = Unsupported media type "{ $type }" in request.
bbapi-too-large = The request is too large.
bbapi-server-error = A server error occurred.
bbapi-off = This household has not let Baby Buddy's apps in: an owner can turn them on in soothe, on the household's page.
bbapi-unsupported = soothe does not keep { $what }: log them as notes instead.
