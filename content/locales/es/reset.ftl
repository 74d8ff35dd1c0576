## Contraseña olvidada: el enlace de la persona propietaria, «¿Olvidaste tu contraseña?» y la página para elegir una nueva.

household-reset-link = Crear un enlace para cambiar la contraseña
household-reset-link-for = para { $name }
reset-link-title = Enlace para cambiar la contraseña
reset-link-made = Ya está listo un enlace para que { $name } cambie su contraseña. Solo se muestra ahora: cópialo y dáselo tú a { $name }.
reset-link-copy = Copiar el enlace
reset-link-once = Sirve una sola vez, hasta el { $expires }. Al abrirlo podrá elegir una contraseña nueva; se cerrará su sesión en todos los demás sitios.
reset-link-private = Quien tenga este enlace puede cambiar la contraseña de { $name }, así que envíaselo solo a esa persona, por un mensaje que solo ella lea.
reset-link-back = Volver al hogar

signin-forgot = ¿Olvidaste tu contraseña?
reset-forgot-title = ¿Olvidaste tu contraseña?
reset-forgot-intro = Escribe el correo con el que entras. Si pertenece a una cuenta de aquí, te enviaremos un enlace para elegir una contraseña nueva.
reset-forgot-send = Enviarme un enlace
reset-forgot-sent = Gracias. Si ese correo pertenece a una cuenta de aquí, ya va de camino un enlace para elegir una contraseña nueva.
reset-forgot-sent-more = Puede tardar unos minutos; mira también en la carpeta de correo no deseado. El enlace sirve una sola vez, durante 24 horas.
reset-forgot-owner = Una persona propietaria de tu hogar también puede crearte un enlace: en su página Hogar, junto a tu nombre.
reset-forgot-server = Quien administra este soothe también puede crearlo, con la orden soothe user reset-password.
reset-too-many = Demasiadas peticiones de enlace. Vuelve a intentarlo dentro de { $wait }.
reset-back-to-signin = Volver a iniciar sesión

reset-title = Elige una contraseña nueva
reset-for = Para { $name } ({ $email }).
reset-new-password = Contraseña nueva (al menos 10 caracteres)
reset-new-password-again = Repite la contraseña nueva
reset-signs-out = Al guardarla se cierra la sesión de esta cuenta en todos los demás navegadores.
reset-save = Guardar la contraseña nueva

reset-gone-title = Este enlace ya no sirve
reset-gone-owner = No ha cambiado nada: tu contraseña sigue siendo la misma. Pide un enlace nuevo a una persona propietaria de tu hogar o a quien administra este soothe.
reset-gone-new = Pedir un enlace nuevo por correo

reset-done-title = Contraseña nueva guardada
reset-done = Tu contraseña nueva ya está puesta y has iniciado sesión. Se ha cerrado la sesión en todos los demás navegadores.
reset-done-home = Ir a Hoy

reset-mail-subject = Elige una contraseña nueva para soothe
reset-mail-body = Hola, { $name }:

    alguien ha pedido un enlace para elegir una contraseña nueva para tu cuenta de soothe. Si has sido tú, abre este enlace:

    { $link }

    Sirve una sola vez, durante { $hours ->
        [one] { $hours } hora
       *[other] { $hours } horas
    }. Al elegir una contraseña nueva se cierra tu sesión en todos los demás navegadores.

    Si no lo has pedido tú, puedes ignorar este correo: tu contraseña sigue igual.
