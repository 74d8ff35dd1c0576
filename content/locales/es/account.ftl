account-title = Cuenta
account-households = Tus hogares
account-shown-now = se muestra ahora
account-switch = Cambiar
account-switch-to = a { $name }
account-theme = Tema
theme-auto = Automático (oscuro de noche)
theme-light = Claro
theme-dark = Oscuro
account-language = Idioma
language-en = English
language-es = Español
language-auto = Como diga mi navegador
account-password = Cambiar la contraseña
account-current-password = Contraseña actual
account-new-password = Contraseña nueva (10 caracteres como mínimo)
account-new-password-again = Repite la contraseña nueva
account-password-signs-out = Al cambiarla se cierra la sesión en todos los demás navegadores.
account-everywhere = Cerrar la sesión en todas partes y revocar mis tokens de la API (si perdiste el teléfono, o si otra persona conocía la contraseña). Los scripts necesitarán un token nuevo.
account-tokens = Tokens de la API
account-tokens-intro = Para scripts y otras aplicaciones. Un token actúa en tu nombre en este hogar.
account-new-token = Tu token nuevo (solo se muestra ahora; cópialo):
account-token-dates = creado el { $created } · último uso: { $used }
account-token-revoked = revocado
account-revoke = Revocar
account-token-name = Nombre de un token nuevo
account-token-placeholder = p. ej., la tableta de la cocina
account-make-token = Crear un token
sign-out = Cerrar sesión
join-title = Unirse a un hogar
join-invited-as = Te invitan como
join-as = Unirme como { $name }
join-other-account = O usa otra cuenta:
join-your-name = Tu nombre (solo cuentas nuevas)
join-password = Contraseña (la que ya tienes, o una nueva de 10 caracteres como mínimo)
join-button = Unirme
signin-title = Iniciar sesión
password = Contraseña
signin-invited = ¿Te ha invitado tu familia? Abre el enlace que te enviaron.
setup-title = Te damos la bienvenida a soothe
setup-intro = Prepara tu hogar: tu cuenta, la zona horaria de tu casa y tu bebé. Esta página solo se muestra una vez.
setup-you = Tú
setup-your-name = Tu nombre
setup-password = Contraseña (10 caracteres como mínimo)
setup-password-again = Repite la contraseña
setup-household = Tu hogar
setup-household-name = Nombre del hogar
setup-time-zone = Zona horaria
setup-baby = Tu bebé
setup-start = Empezar a usar soothe
account-token-never = nunca
account-passwords-differ = las dos contraseñas nuevas no coinciden
account-password-changed = Contraseña cambiada. Se cerró la sesión en los demás navegadores.
account-password-changed-everywhere = Contraseña cambiada. Se cerró la sesión en todos los demás navegadores y se revocaron tus tokens de la API.
setup-passwords-differ = las dos contraseñas no coinciden
signin-wrong = El correo o la contraseña no son correctos.
signin-too-many = Demasiados intentos de inicio de sesión. Vuelve a intentarlo dentro de { $wait }.
signin-busy = Mucha gente está iniciando sesión ahora mismo. Vuelve a intentarlo dentro de { $wait }.
wait-seconds = { $count ->
    [one] 1 segundo
   *[other] { $count } segundos
}
wait-minutes = { $count ->
    [one] 1 minuto
   *[other] { $count } minutos
}
email-too-long = esto es más largo que cualquier dirección de correo (320 caracteres como máximo); revisa lo que escribiste
signin-signed-out = Has cerrado la sesión.
revoke-confirm-title = ¿Revocar el token «{ $name }»?
revoke-confirm-what = Los scripts y las aplicaciones que lo usan dejan de funcionar al instante. No se puede deshacer; puedes crear un token nuevo cuando quieras.
revoke-confirm-yes = Revocar «{ $name }»
revoke-done = Has revocado «{ $name }»: ya no funciona.
account-revoked-count = Revocados ({ $count })
account-revoked-note = Los tokens revocados se muestran aquí durante una semana; después dejan de aparecer.

# Deleting one's own account.
account-delete = Eliminar mi cuenta
account-delete-intro = Se eliminan tu cuenta, tus sesiones, tus tokens de API y tus canales de avisos. Lo que anotaste se queda en el diario, sin tu nombre.
account-delete-confirm-title = ¿Eliminar tu cuenta?
account-delete-confirm-what = Se elimina tu cuenta, { $email }: tu nombre, tu contraseña, tu lugar en cada hogar, tus sesiones, tus tokens de API y tus canales de avisos.
account-delete-confirm-stays = Lo que anotaste se queda en el diario de cada hogar, sin tu nombre.
account-delete-confirm-undo = No se puede deshacer. Para volver a usar soothe necesitarás una nueva invitación o una cuenta nueva.
account-delete-type = Escribe tu correo electrónico, { $email }, para confirmar
account-delete-confirm-yes = Eliminar mi cuenta
account-delete-done = Se eliminó tu cuenta.
