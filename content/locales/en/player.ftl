player-seconds-left = seconds left
player-rest = Rest your hands
player-s = s
player-ready = I'm ready to note how it went
player-rating = How did your baby find it?
player-rating-1 = did not enjoy it
player-rating-2 = not really
player-rating-3 = it was all right
player-rating-4 = enjoyed it
player-rating-5 = loved it
player-save = Save to the journal
player-open-journal = Open the journal
player-start = Start
player-viewer-note = You can read this plan. The massage is started, and noted in the journal, by the owner or a caregiver.
player-pause = Pause
player-next = Next step
player-stop = Stop
player-mute = Mute voice
player-other-things = Other things to note
player-passed-gas = Passed gas
player-poo = Poo
player-more-cues-button = More cues…
player-more-cues = More cues
close = Close
player-voice-settings = Voice settings
player-voice = Voice
player-speed = Speed
player-title = Guided massage
# Spoken when a cue pause begins: "Rest your hands", then the catalog's pause phrase.
pl-rest-say = Rest your hands. { $words }
# Told to screen readers at the end: the ending's title, then its words.
pl-ended-announce = The massage has ended. { $title }. { $words }

## The "How?" sheet: the current step's how-to, read while the session clock is paused.
pl-how-button = How?
# The sheet's heading: the step's name.
pl-how-title = How to do it: { $step }
pl-how-how = How
pl-how-pressure = Pressure
pl-how-note = Good to know
pl-how-say = What you say
pl-how-paused = The massage is paused while you read. It carries on when you close this.
pl-how-close = Close and carry on
pl-how-close-plain = Close
# The link from the player's cue buttons to the library's cue guide.
pl-cue-guide = What the cues look like (opens in a new tab)
# Beside each cue button: "?" links to that cue in the cue guide (read by screen readers).
pl-cue-help = What “{ $cue }” means, in the cue guide (opens in a new tab)
pl-cue-help-mark = ?
# Shown and spoken when opening a cue's entry in the guide paused a running massage.
pl-guide-paused = Paused while you read the cue guide. Tap Resume to carry on.

## Practice mode: a routine at the parent's own pace, on a doll or a rolled towel.
pr-title = Practice
pr-page-title = Practise: { $routine }
pr-heading = Practise “{ $routine }”
pr-intro = Practise on a doll or a rolled towel, at your own pace. There is no countdown, and nothing goes into the journal.
pr-choose-routine = Choose a routine to practise.
# "Step 3 of 24".
pr-step-count = Step { $n } of { $total }
# Where a step is done: "Feet · baby on the back".
pr-where = { $area } · { $position }
pr-back = Back
pr-next = Next
pr-finish = Finish
pr-done = Practice done
pr-done-words = Well done. Practice as often as you like. When your baby is calm and alert, the guided massage takes you through the same steps.
pr-recorded = Noted in your routines list.
pr-recorded-offline = Kept on this phone: it is noted when you are back online.
pr-not-recorded = This practice could not be noted: { $why }
pr-not-recorded-plain = This practice could not be noted. Try again.
pr-again = Practise again
pr-routines = Back to the routines
pr-practise-link = Practise
# On the routines list: how often the reader practised a routine, and when last.
pr-practised = { $count ->
    [one] Practised once, last { $when }
   *[other] Practised { $count } times, last { $when }
}
