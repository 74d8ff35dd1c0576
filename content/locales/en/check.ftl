## The readiness check, the plan and the library: the words the core's ids and values are
## said in (web/today.rs, web/massage.rs, web/library.rs, the API's findings and plans).

## The verdict's headline (Today, the massage page)
verdict-ready = A good moment for a massage
verdict-wait = Wait a little
verdict-not-now = Not right now
verdict-ask-clinician = Ask your doctor or nurse first
verdict-not-today = Not today
verdict-seek-care = Get medical help now
# A "ready" check made before the parent said how the baby is.
verdict-ready-no-state = Nothing in the journal holds a massage back
verdict-woke-up = Did your baby wake up?

## What to do in place of a massage
todo-seek-care = Call your doctor or your local emergency number now. soothe cannot tell what is wrong.
todo-not-today = No massage today. Call your doctor today, and sooner if your baby seems worse.
todo-ask-clinician = Ask your baby's doctor or nurse at the next visit, or call them, before you start massage.

## The baby's state, as a parent would say it
state-deep-sleep = Asleep
state-light-sleep = Asleep but stirring
state-drowsy = Drowsy
state-quiet-alert = Awake, calm, looking at you
state-active-alert = Awake but squirmy or fussing
state-crying = Crying
state-hungry = Hungry

## Urgent warning signs, inside a sentence
sign-floppy = floppy or limp
sign-unresponsive = unresponsive
sign-breathing-difficulty = difficulty breathing
sign-bulging-fontanelle = a bulging soft spot
sign-seizure = a seizure
sign-non-blanching-rash = a rash that does not fade when pressed
sign-green-vomit = green vomit
sign-pale-stools = pale, chalky poo or dark urine
sign-jaundice = yellow skin or eyes (jaundice)
sign-vomiting = vomiting with force
sign-choking = choking
sign-colour-change = pale, blue or mottled skin

## What needs a doctor's or nurse's clearance, inside a sentence
clearance-born-early = born early
clearance-heart-condition = a heart condition
clearance-seizures = seizures
clearance-hip-dysplasia = hip dysplasia
clearance-brittle-bones = brittle bones
clearance-recent-surgery = recent surgery
clearance-fracture = a fracture
clearance-jaundice-treatment = jaundice treatment
clearance-other = a health problem

## Body areas inside a sentence
in-left-leg = the left leg
in-right-leg = the right leg
in-feet = the feet
in-abdomen = the tummy
in-chest = the chest
in-left-arm = the left arm
in-right-arm = the right arm
in-hands = the hands
in-face = the face
in-head = the head
in-back = the back
in-both-legs = the legs
in-both-arms = the arms

## Lists and names inside a sentence
list-and = { $rest } and { $last }
list-or = { $rest } or { $last }
list-no-oil = no oil
routine-quoted = “{ $title }”
no-routine-fits = still, resting hands and a cuddle instead of a routine

## The plan's own steps, and how it was fitted to the baby's age
step-ask-permission = Ask permission
step-closing = Closing
step-stroke = Stroke
time-note = { $minutes } minutes today: { $what }
time-note-over = A little over { $minutes } minutes today: { $what }
time-note-left-out =
    { $count ->
        [one] { $areas } is left out
       *[other] { $areas } are left out
    }
time-note-left-out-shorter = { $left }, and some strokes are a little shorter
time-note-shorter = some strokes are a little shorter

## Today's tiles and last feed
tile-feeds = Feeds
tile-sleep = Sleep
tile-crying = Crying
tile-nappies = Nappies
tile-massages = Massages
last-feed-ended = Last feed ended at { $time }
feeding-since = Feeding since { $time }
no-feed-yet = No feed logged yet
open-unwell = Unwell
open-skin = Skin problem
open-skin-on = Skin problem on { $area }
open-skin-all-over = Skin problem all over

## The player's cue groups and first step
cues-break = A little break
cues-stop = Stop now
cues-help = Get help
cues-well = Going well
next-step-is = Next: { $step }
massage-choose-routine = Choose a routine.
massage-say-state = Say how your baby is now.

## Ages of a routine
age-from = from { $weeks } weeks
age-range = { $from } to { $to } weeks
age-any = any age

## Evidence grades
grade-high = High certainty
grade-moderate = Moderate certainty
grade-low = Low certainty
grade-very-low = Very low certainty
grade-no-evidence = No evidence found
grade-not-supported = Not supported
grade-high-meaning = We are very confident that the true effect is close to what studies found.
grade-moderate-meaning = The true effect is probably close to what studies found, but it could be quite different.
grade-low-meaning = Our confidence is limited: the true effect may be quite different.
grade-very-low-meaning = We have very little confidence: the true effect is likely to be quite different.
grade-no-evidence-meaning = No controlled study in babies has looked at this.
grade-not-supported-meaning = There is no evidence, and the claim goes far beyond anything that was studied.

## Body areas as a routine's step lists them
area-left-leg = left leg
area-right-leg = right leg
area-feet = feet
area-abdomen = abdomen
area-chest = chest
area-left-arm = left arm
area-right-arm = right arm
area-hands = hands
area-face = face
area-head = head
area-back = back

## How suitable an oil is (the oil guide)
suit-preferred = preferred
suit-suitable = suitable
suit-caution = use with care
suit-avoid = avoid
