event-add = Add: { $label }
event-edit = Edit: { $label }
event-pick-kind = What to add
event-other-kind = Something else…
event-cancel = Cancel
field-needed = (needed)
journal-title = Journal
journal-deleted-what = { $label } at { $time } deleted.
journal-restored = { $label } at { $time } is back.
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
journal-when-span = { $from }–{ $to }
journal-saved = { $label } saved — { $when }
journal-delete-title = Delete an entry
journal-delete-question = Delete the entry “{ $label }, { $when }”?
journal-delete-undo-note = It leaves the journal of everyone in the household. Right after, you can still undo it.
journal-delete-confirm = Delete
