event-add = Add: { $label }
event-edit = Edit: { $label }
event-kind = Kind
event-change-kind = Change
field-needed = (needed)
journal-title = Journal
journal-deleted = Deleted.
journal-undo = Undo
journal-days = Days
journal-prev-day = previous day
journal-next-day = next day
journal-show = Show
journal-everything = everything
journal-filter = Filter
journal-nothing = Nothing logged on this day.
journal-nothing-of-kind = Nothing logged of this kind on this day.
journal-edit = Edit
journal-entry-at = { $label } at { $time }
journal-delete = Delete
journal-more = Only the latest { $count } entries of this day are shown; filter by kind to see the rest.
journal-count = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
journal-add = Add to the journal
