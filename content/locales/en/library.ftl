offline-title = You are offline
offline-text = This page was not saved on this phone. Pages you opened before still work, and anything you log is kept here and sent when the connection returns.
evidence-title = What the research says
evidence-intro = Massage is a way to be close to your baby, not a treatment. Each claim below carries the certainty of the evidence behind it.
evidence-in = In: { $population }
evidence-why = Why this grade
routines-title = Routines
oils-link = Oils and patch tests
skin-to-skin-title = Skin-to-skin (kangaroo) care
routine-clinician-only = done by a doctor or nurse only
routine-born-early = what parents of babies born early can do at any time, with the team's advice.
routine-use = Use this routine
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
