## The frame of every page.

brand = soothe
meta-description = soothe: a calm companion for infant massage and the family journal.
skip-to-content = Skip to content
switch-baby = (switch baby)
offline-note = No connection. This page is from { $made }; what you log now is kept on this phone and sent when the connection returns.
nav-main = Main
nav-today = Today
nav-journal = Journal
nav-massage = Massage
nav-learn = Learn
nav-more = More
baby-unnamed = Baby
sources = Sources
save = Save
form-check = Please check:
role-owner = owner
role-caregiver = caregiver
role-viewer = viewer
skin-to-skin-link = skin-to-skin (kangaroo) care
error-status = Error { $status }
back-to-today = Back to Today
email = Email
minutes = { $minutes } min
end-sleep = Yes, end the sleep
baby-state-question = How is your baby right now?
since = since { $since }
