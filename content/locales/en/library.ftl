offline-title = You are offline
offline-text = This page was not saved on this phone. Pages you opened before still work, and anything you log is kept here and sent when the connection returns.
evidence-title = What the research says
evidence-intro = Massage is a way to be close to your baby, not a treatment. Each claim below carries the certainty of the evidence behind it.
evidence-in = In: { $population }
evidence-why = Why this grade
evidence-filter = Which claims to show
evidence-all = Every claim
evidence-for-baby = For { $name }
evidence-for-note = { $name } is { $weeks ->
    [one] 1 week
   *[other] { $weeks } weeks
} old{ $early ->
    [yes] {" "}and was born early
    [no] {" "}and was born at full term
   *[unknown] {""}
}. These { $shown } of the { $total } claims are about a baby like { $name }; the others are about other babies.
evidence-maturity-unknown = soothe does not know whether { $name } was born early, so the claims only about babies born early are left out.
evidence-edit-baby = Add the due date to { $name }'s profile
evidence-no-baby = There is no baby in your household yet, so every claim is shown.
evidence-add-baby = Add your baby
evidence-index = What parents ask
evidence-count = { $count ->
    [one] 1 claim
   *[other] { $count } claims
}
evidence-to-index = Back to the questions
routines-title = Routines
oils-link = Oils and patch tests
skin-to-skin-title = Skin-to-skin (kangaroo) care
routine-clinician-only = done by a doctor or nurse only
routine-born-early = what parents of babies born early can do at any time, with the team's advice.
routine-use = Use this routine
routine-for-babies-range = For babies of { $from } to { $to } weeks
routine-for-babies-from = For babies from { $weeks } weeks
routine-for-babies-any = For babies of any age
routine-fit-fits = Fits { $name } now
routine-fit-older = Made for babies younger than { $name }
routine-fit-too-young = Not yet for { $name }
skin-to-skin-safe = Keep it safe
back-to-learn = Back to Learn
oils-title = Oils
oils-patch-tests = Patch tests
oils-patch-intro = Dab a little oil on a small patch of skin (inside the forearm or leg) and watch it for { $hours } { $hours ->
    [one] hour
   *[other] hours
} before the first massage with it.
oil = Oil
oils-start-test = Start a patch test now
oils-no-test = No patch test yet.
oils-test-dates = started { $started } · judge from { $judge }
oils-watching = watching
oils-not-judged = not judged yet
oils-no-reaction = No reaction
oils-reaction = Reaction
oils-to = to { $oil }
oils-guide = The oil guide
oils-suitability = newborns: { $newborn } · born early: { $preterm }
oils-allergy = Allergy:
routine-how = How:
routine-pressure = Pressure:
routine-note = Good to know:
cues-title = Your baby's signs
cues-intro = Your baby tells you all the time how the massage feels. Watch your baby's face, hands and body, and answer what you see. What to do for each sign comes from massage teaching, not from trials.
cues-groups = The signs, by what they mean
cues-enjoying-title = I'm enjoying this
cues-enjoying-intro = Your baby likes the massage. Carry on at the same calm pace.
cues-break-title = I need a little break
cues-break-intro = Your baby needs a moment. Stop moving, rest your hands still on your baby and wait until your baby is calm again.
cues-stop-title = Stop now
cues-stop-intro = Your baby has had enough, or has fallen asleep. End the massage gently and comfort your baby. A sleeping baby goes down on the back, in their own cot, with nothing loose around them.
cues-help-title = Get help
cues-help-intro = These are not massage signs. Stop the massage at once: your baby needs medical help now.
cues-no-urgent = Your household has not saved an urgent-care number yet. An owner can add one in Household settings.
cues-looks-like = What it looks like:
cues-respond = What to do:
teach-first-massage-title = Before your first massage
teach-first-massage-intro = A few things to know before you start: how to ask your baby first, how to read your baby's signs, and how to begin small.
teach-instructors-title = Finding an instructor
teach-instructors-intro = A class with a certified infant massage instructor can help you learn. soothe does not contact anyone for you.
teach-read-next = Read next
