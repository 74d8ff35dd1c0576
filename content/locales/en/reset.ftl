## A forgotten password: the owner's reset link, "Forgot your password?", the reset page.

household-reset-link = Make a password reset link
household-reset-link-for = for { $name }
reset-link-title = Password reset link
reset-link-made = A password reset link for { $name } is ready. It is shown only now: copy it and give it to { $name } yourself.
reset-link-copy = Copy link
reset-link-once = It works once, until { $expires }. Opening it lets them choose a new password; it signs them out everywhere else.
reset-link-private = Anyone holding this link can set { $name }'s password, so send it only to them, in a message only they read.
reset-link-back = Back to the household

signin-forgot = Forgot your password?
reset-forgot-title = Forgot your password?
reset-forgot-intro = Give the email you sign in with. If it belongs to an account here, we send a link to choose a new password.
reset-forgot-send = Send me a link
reset-forgot-sent = Thank you. If that email belongs to an account here, a link to choose a new password is on its way.
reset-forgot-sent-more = It can take a few minutes; look in spam too. The link works once, for 24 hours.
reset-forgot-owner = An owner of your household can also make you a reset link: on their Household page, next to your name.
reset-forgot-server = Whoever runs this soothe can make one too, with the command soothe user reset-password.
reset-too-many = Too many requests for a reset link. Try again in { $wait }.
reset-back-to-signin = Back to sign in

reset-title = Choose a new password
reset-for = For { $name } ({ $email }).
reset-new-password = New password (at least 10 characters)
reset-new-password-again = New password again
reset-signs-out = Saving it signs this account out on every other browser.
reset-save = Save the new password

reset-gone-title = This link cannot be used
reset-gone-owner = Nothing has changed: your password is as it was. Ask an owner of your household for a new link, or whoever runs this soothe.
reset-gone-new = Ask for a new link by email

reset-done-title = New password saved
reset-done = Your new password is set, and you are signed in. Every other browser was signed out.
reset-done-home = Go to Today

reset-mail-subject = Choose a new soothe password
reset-mail-body = Hello { $name },

    someone asked for a link to choose a new password for your soothe account. If it was you, open this link:

    { $link }

    It works once, for { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }. Choosing a new password signs you out on every other browser.

    If you did not ask, you can ignore this email: your password stays as it is.
