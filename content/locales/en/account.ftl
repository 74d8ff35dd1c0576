account-title = Account
account-households = Your households
account-shown-now = shown now
account-switch = Switch
account-switch-to = to { $name }
account-theme = Theme
theme-auto = Automatic (dark at night)
theme-light = Light
theme-dark = Dark
account-language = Language
language-en = English
language-es = Español
language-auto = As my browser says
account-password = Change password
account-current-password = Current password
account-new-password = New password (at least 10 characters)
account-new-password-again = New password again
account-password-signs-out = Changing it signs out every other browser.
account-everywhere = Sign out everywhere and revoke my API tokens (for a lost phone, or if someone else knew the password). Scripts will need a new token.
account-tokens = API tokens
account-tokens-intro = For scripts and other apps. A token acts as you in this household.
account-new-token = Your new token (shown only now; copy it):
account-token-dates = made { $created } · last used { $used }
account-token-revoked = revoked
account-revoke = Revoke
account-token-name = Name of a new token
account-token-placeholder = e.g. kitchen tablet
account-make-token = Make a token
sign-out = Sign out
join-title = Join a household
join-invited-as = You are invited as
join-as = Join as { $name }
join-other-account = Or use another account:
join-your-name = Your name (new accounts only)
join-password = Password (your existing one, or a new one of at least 10 characters)
join-button = Join
signin-title = Sign in
password = Password
signin-invited = Invited by your family? Open the link they sent you.
setup-title = Welcome to soothe
setup-intro = Set up your household: your account, your home's time zone, and your baby. This page is shown only once.
setup-you = You
setup-your-name = Your name
setup-password = Password (at least 10 characters)
setup-password-again = Password again
setup-household = Your household
setup-household-name = Household name
setup-time-zone = Time zone
setup-baby = Your baby
setup-start = Start using soothe
account-token-never = never
account-passwords-differ = the two new passwords are not the same
account-password-changed = Password changed. Other browsers were signed out.
account-password-changed-everywhere = Password changed. Every other browser was signed out and your API tokens were revoked.
setup-passwords-differ = the two passwords are not the same
signin-wrong = Wrong email or password.
signin-too-many = Too many sign-in attempts. Try again in { $wait }.
signin-busy = Many people are signing in right now. Try again in { $wait }.
wait-seconds = { $count ->
    [one] 1 second
   *[other] { $count } seconds
}
wait-minutes = { $count ->
    [one] 1 minute
   *[other] { $count } minutes
}
email-too-long = this is longer than any email address (at most 320 characters); check what you typed
signin-signed-out = You're signed out.
revoke-confirm-title = Revoke the token “{ $name }”?
revoke-confirm-what = Scripts and apps that use it stop working at once. This can't be undone; you can make a new token at any time.
revoke-confirm-yes = Revoke “{ $name }”
revoke-done = Revoked “{ $name }”: it no longer works.
account-revoked-count = Revoked ({ $count })
account-revoked-note = Revoked tokens stay listed here for a week, then they are no longer shown.

# Deleting one's own account.
account-delete = Delete my account
account-delete-intro = Your account, sign-ins, API tokens and notification channels go. What you logged stays in the journal, without your name.
account-delete-confirm-title = Delete your account?
account-delete-confirm-what = This deletes your account, { $email }: your name, password, places in households, sign-ins, API tokens and notification channels.
account-delete-confirm-stays = What you logged stays in the households' journals, without your name.
account-delete-confirm-undo = It cannot be undone. To use soothe again you need a new invitation or a new account.
account-delete-type = Type your email, { $email }, to confirm
account-delete-confirm-yes = Delete my account
account-delete-done = Your account was deleted.
