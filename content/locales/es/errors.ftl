# Rechazos: un mensaje por código estable (`err-<código>`), con los valores del código como
# variables. Todos los códigos están en soothe_core::journal::CODES.

refusal-position = { $message } (línea { $line }, columna { $column })

err-password-too-short = usa { $min } caracteres como mínimo (unas cuantas palabras hacen una buena contraseña)
err-password-too-long = usa { $max } caracteres como máximo
err-password-wrong = esta no es tu contraseña actual
err-empty = está vacío
err-email-too-long = tiene más de { $max } caracteres
err-email-invalid = `{ $value }` no es una dirección de correo
err-email-taken = ya existe una cuenta con este correo
err-name-too-long = tiene más de { $max } caracteres
err-display-name-missing = una cuenta nueva necesita un nombre
err-time-zone-unknown = `{ $value }` no es una zona horaria IANA (p. ej., Europe/Madrid, America/Mexico_City)
err-invitation-hours = { $value } está fuera del intervalo de { $min } a { $max }
err-invitation-withdrawn = esta invitación se retiró; pide una nueva
err-invitation-used = esta invitación ya se usó; pide una nueva
err-invitation-expired = esta invitación caducó; pide una nueva
err-out-of-range = { $value } está fuera del intervalo permitido, de { $min } a { $max }
err-not-an-hour = { $value } no es una hora del día (0–23)
err-night-same-hours = la noche tiene que terminar a otra hora distinta de la de inicio
err-urgent-care-length = escribe un teléfono de { $min } a { $max } caracteres (tiene { $value })
err-urgent-care-char = `{ $value }` no puede ir en un teléfono: usa cifras, espacios, +, - y paréntesis
err-urgent-care-digits = un teléfono necesita cifras
err-language-not-choosable = `{ $value }` no es un idioma que puedas elegir; elige uno de estos: { $list }
err-in-the-future = esta fecha todavía no ha llegado
err-due-and-gestation = indica la fecha prevista de parto o las semanas al nacer, no las dos
err-gestation-invalid = `{ $value }` no es un número de semanas al nacer (p. ej., 34 o 34+2)
err-too-long = tiene más de { $max } caracteres
err-after-latest = { $value } es posterior a { $latest ->
        [now] `now`
        [check] la hora de la comprobación
       *[clock] la hora del servidor
    }
err-cleared-twice = `{ $value }` tiene dos autorizaciones; deja una por motivo
err-clearance-not-a-condition = `{ $value }` no está entre las condiciones del bebé; añádela a las condiciones o quita esta autorización
err-oil-unknown = aceite desconocido `{ $value }`; se espera uno de estos: { $list }
err-routine-unknown = rutina desconocida `{ $value }`; se espera una de estas: { $list }
err-phone-too-long = tiene más de { $max } caracteres
err-phone-plus-not-first = el `+` solo puede ir al principio
err-phone-char = `{ $value }` no se admite en un teléfono: usa cifras, espacios y + ( ) - .
err-phone-digits = tiene { $value } cifras; un teléfono tiene de { $min } a { $max }
err-born-too-long-ago = { $value } fue hace más de { $max } años; soothe es para bebés, así que revisa el año
err-due-too-far = { $value } está a más de { $max } semanas del nacimiento ({ $born }); revisa la fecha
err-before-birth = { $value } es anterior al nacimiento del bebé ({ $born }); revisa la fecha
err-logged-ahead = { $value } es posterior a { $latest ->
        [now] `now`
        [check] la hora de la comprobación
       *[clock] la hora del servidor
    }; no se puede anotar algo que aún no ha pasado
err-end-before-start = { $value } es anterior al inicio ({ $start })
err-too-long-lasting = un registro de { $kind ->
        [feeding] toma
        [sleep] sueño
        [crying] llanto
        [illness] enfermedad
        [massage] masaje
        [nappy] cambio de pañal
        [temperature] temperatura
        [weight] peso
        [length] longitud
        [head] perímetro de la cabeza
        [vaccination] vacuna
        [skin] problema de piel
        [patch_test] prueba de parche
        [note] nota
       *[other] { $kind }
    } de más de { $max } horas no es creíble; revisa las horas
err-outside = { $value } está fuera del intervalo de { $min } a { $max }
err-unit-unknown = { $kind ->
        [feeding] toma
        [sleep] sueño
        [crying] llanto
        [illness] enfermedad
        [massage] masaje
        [nappy] cambio de pañal
        [temperature] temperatura
        [weight] peso
        [length] longitud
        [head] perímetro de la cabeza
        [vaccination] vacuna
        [skin] problema de piel
        [patch_test] prueba de parche
        [note] nota
       *[other] { $kind }
    } se mide en una de estas unidades: { $list }; no en `{ $value }`
err-measure-implausible = { $value } { $unit } está fuera de lo creíble, de { $min } a { $max } { $base }; revisa el número y la unidad
err-amount-outside = { $value } ml está fuera del intervalo de { $min } a { $max } ml
err-celsius-outside = { $value } °C está fuera del intervalo de { $min } a { $max } °C; revisa la lectura y la unidad
err-fahrenheit-outside = { $value } °F está fuera del intervalo de { $min } a { $max } °F; revisa la lectura y la unidad
err-sites-missing = indica al menos una zona
err-note-empty = una nota necesita alguna palabra
err-end-ahead = { $value } es posterior a { $latest ->
        [now] `now`
        [check] la hora de la comprobación
       *[clock] la hora del servidor
    }; anota el final cuando haya ocurrido
err-field-foreign = un registro `{ $kind }` no tiene `{ $value }` (sus campos: { $list })
err-field-missing = un registro `{ $kind }` necesita `{ $value }`
err-control-character = contiene un carácter de control oculto ({ $value }); escríbelo de nuevo sin él
err-control-character-multiline = contiene un carácter de control oculto ({ $value }); escríbelo de nuevo sin él (los saltos de línea y las tabulaciones se admiten)
err-control-character-name = el nombre de este campo contiene un carácter de control oculto ({ $value })
err-json-invalid = JSON no válido: { $detail }
err-json-not-an-object = envía un solo objeto JSON (`{"{"} … {"}"}`), no una lista ni un valor suelto
err-json-trailing = hay algo más después del final del documento JSON; envía un solo objeto JSON
err-json-unreadable = soothe no puede leer un valor de este JSON: { $detail }
err-invalid = no es válido
err-not-found = no hay nada con ese identificador en tu hogar
err-forbidden = esto necesita el rol de { $needs }; en este hogar tienes el rol de { $role }
err-conflict = esto choca con lo que ya está guardado
err-running = ya hay un registro de { $kind ->
        [feeding] toma
        [sleep] sueño
        [crying] llanto
        [illness] enfermedad
        [massage] masaje
        [nappy] cambio de pañal
        [temperature] temperatura
        [weight] peso
        [length] longitud
        [head] perímetro de la cabeza
        [vaccination] vacuna
        [skin] problema de piel
        [patch_test] prueba de parche
        [note] nota
       *[other] { $kind }
    } en curso desde { $since }: termínalo primero (o corrígelo en el diario)
err-last-owner = un hogar necesita un propietario: haz antes propietario a otra persona
err-no-plan = no queda nada de esta rutina después de las adaptaciones ({ $list }); elige otra rutina
err-set-up = soothe ya está configurado; inicia sesión
err-clinician-only = este es un protocolo solo para personal hospitalario formado, no una rutina para casa: soothe no lo planifica para ningún miembro de un hogar (propietario, cuidador u observador) mientras no tenga un rol para médicos y enfermeras. Elige una rutina para casa.
err-not-ready = La comprobación antes del masaje dice: { $verdict }. { $reason }
err-not-ready-until = La comprobación antes del masaje dice: { $verdict } (hasta { $until }). { $reason }
err-too-young = La comprobación antes del masaje dice: ahora no. { $reason }
err-wrong-credentials = correo o contraseña incorrectos
err-not-a-member = no eres miembro de ese hogar
err-no-account = no hay ninguna cuenta para { $value }
err-no-household = esta cuenta aún no pertenece a ningún hogar; acepta primero una invitación
err-already-member = ya eres miembro de este hogar
err-name-missing = tu bebé necesita un nombre
err-server-set = lo pone el servidor; no lo envíes
err-not-a-sleep = esto no es un sueño
err-not-a-time-of-day = `{ $value }` no es una hora del día aquí
err-not-running = solo se puede detener un registro en curso
err-not-resolvable = solo una enfermedad o un problema de piel pueden darse por terminados
err-not-startable = un registro de { $kind ->
        [feeding] toma
        [sleep] sueño
        [crying] llanto
        [illness] enfermedad
        [massage] masaje
        [nappy] cambio de pañal
        [temperature] temperatura
        [weight] peso
        [length] longitud
        [head] perímetro de la cabeza
        [vaccination] vacuna
        [skin] problema de piel
        [patch_test] prueba de parche
        [note] nota
       *[other] { $kind }
    } no se inicia ni se detiene: anótalo completo
err-later-began = un registro posterior de { $kind ->
        [feeding] toma
        [sleep] sueño
        [crying] llanto
        [illness] enfermedad
        [massage] masaje
        [nappy] cambio de pañal
        [temperature] temperatura
        [weight] peso
        [length] longitud
        [head] perímetro de la cabeza
        [vaccination] vacuna
        [skin] problema de piel
        [patch_test] prueba de parche
        [note] nota
       *[other] { $kind }
    } empezó el { $since }: este no puede seguir en curso; indica su final
err-patch-watch = observa la piel durante { $hours } horas antes de anotar que no hubo reacción (desde el { $from })
err-woke-before-sleep = tu bebé se durmió el { $since }: la hora de despertar tiene que ser posterior
err-not-born-yet = el bebé aún no había nacido en ese momento
err-routine-missing = elige una rutina
err-state-missing = di cómo está tu bebé ahora (despierto y tranquilo, inquieto, llorando, con hambre, adormilado o dormido): un masaje solo empieza cuando la comprobación lo sabe
err-id-invalid = no es un identificador válido
err-cursor-invalid = no es un cursor de una página anterior
err-at-outside-days = { $value } está fuera de los días que soothe puede comprobar (de { $min } a { $max }); revisa el año
err-record-routine = el registro es de `{ $value }`, no de `{ $expected }`
err-record-steps = el plan al empezar la sesión tiene { $expected } pasos y el registro { $value }
err-record-step = aquí se esperaba el paso `{ $expected }` y se encontró `{ $value }`
err-record-after-end = es posterior al final de la sesión
err-record-skips = no coinciden con lo que el plan dejó fuera al empezar la sesión
err-record-seconds = no es active_seconds + paused_seconds
err-reset-unknown = este enlace para restablecer la contraseña no lo ha creado soothe; comprueba que se copió entero
err-reset-used = este enlace para restablecer la contraseña ya se ha usado; pide uno nuevo
err-reset-other-households = esta persona pertenece también a otros hogares, así que un enlace del propietario de uno podría abrir los demás: puede usar «¿Has olvidado tu contraseña?» en la página de inicio de sesión, o pedir ayuda a quien gestiona este servidor de soothe
err-reset-expired = este enlace para restablecer la contraseña ha caducado; pide uno nuevo

## Un rechazo que nombra su campo: la etiqueta del campo y lo que falla.
refusal-named = { $field }: { $message }

## Campos nombrados en los rechazos, cuando la etiqueta del formulario no cabe delante.
field-new-password = Contraseña nueva
field-role = Rol
field-invitation-hours = Horas de validez del enlace
field-name = Nombre
field-gestation = Semanas al nacer
field-sex = Sexo
field-conditions = Problemas de salud
field-doctor-phone = Teléfono del médico o del centro de salud
field-feed-gap = Minutos de espera después de una toma
field-vaccine-site = Horas sin tocar la zona de una vacuna
field-patch-test = Horas de observación de una prueba de aceite en la piel
field-night-start = La noche empieza a las
field-night-end = La noche termina a las
field-urgent-care = Número al que llamar para ayuda médica urgente
field-language = El idioma del hogar
field-end = Terminó
field-note = Nota
field-state = Cómo está tu bebé
field-day = Día

## La página de una dirección que no lleva a ninguna parte (un enlace mal escrito, algo borrado).
notfound-title = Esta página no está aquí
notfound-text = Puede que la dirección esté mal escrita, o que lo que mostraba se haya borrado o sea de otro hogar. No ha cambiado nada más.
notfound-home = Ir a la página de inicio de soothe

## backbone: ritmos y recordatorios
err-sending-off = este servidor no envía recordatorios fuera de la aplicación, así que no se puede enviar una prueba; pide a quien gestiona soothe que active los envíos
field-rhythm-time = Hora del masaje
field-weekdays = Días
field-remind-before = Avisarme antes (minutos)
field-suggestion-days = Días que mirar
field-part-of-day = Momento del día
field-date = Fecha
field-limit = Cuántos

## notify: a channel's values (webhook, ntfy, Web Push, email).
err-url-scheme = debe empezar por http:// o https://
err-url-host = no tiene nombre de servidor después de http:// o https://
err-url-invalid = no es una dirección web que soothe pueda usar (sin espacios, sin usuario ni contraseña, un puerto de 1 a 65535, nombres en letras simples)
err-topic-invalid = usa solo letras, cifras, - y _ (como mucho { $max }), como ntfy
err-push-key-invalid = no es la clave de notificaciones de un navegador (65 bytes en base64url)
err-push-auth-invalid = no es el secreto de una suscripción de notificaciones ({ $max } bytes en base64url)
field-url = Dirección (URL)
field-secret = Secreto compartido
field-topic = Tema de ntfy
field-endpoint = Dirección de notificaciones
field-p256dh = Clave de notificaciones del navegador
field-auth = Secreto de la suscripción de notificaciones
field-to = Dirección de correo

## insights: días y comparaciones
err-from-after-to = { $value } es posterior al último día pedido ({ $to }); pon primero el primer día
err-range-too-long = del { $value } al { $to } son { $days } días; pide como mucho { $max } de una vez
err-outcome-unknown = resultado desconocido `{ $value }`; se espera uno de estos: { $list }
err-experiment-running = ya hay un experimento en marcha para este bebé hasta el { $end }; detenlo antes o espera su resultado
field-from = Desde
field-outcome = Resultado
field-period = Periodo

# A posted form the server cannot take: too large, or its security token no longer matches.
form-too-large = Este formulario lleva más de lo que soothe acepta de una vez. Acorta el texto más largo y vuelve a enviarlo.
form-expired = Este formulario ha caducado. Vuelve atrás, recarga la página y envíalo de nuevo.

## La exportación del hogar y su importación (issue 17)
err-export-format = no es una exportación de hogar de soothe (su "format" debe ser "{ $format }")
err-export-version = se escribió con la versión { $value }; este soothe lee la versión { $version } (usa el soothe que la escribió, o uno más nuevo)
err-import-no-owner = no nombra a ningún propietario: un hogar nuevo necesita uno
err-import-baby-unknown = no nombra a ningún bebé de esta exportación
err-import-member-unknown = no nombra a ningún miembro de esta exportación
err-import-not-empty = este hogar ya tiene otros bebés: importa en un hogar nuevo o vacío
err-import-differs = ya está guardado con otros valores; no se importó nada
err-import-taken = pertenece a otro hogar de este servidor: importa en ese hogar, o bórralo allí antes

# Deleting a baby, a household or an account: what was typed to confirm, and the last owner.
err-confirm-mismatch = no coincide: escríbelo exactamente como aparece arriba
err-account-last-owner = eres la última persona propietaria de { $household }: haz propietaria a otra persona allí, o elimina el hogar, antes de eliminar tu cuenta
field-confirm = Escrito para confirmar

# Importar desde Baby Buddy: una página de su API (o un archivo de su exportación) que no se
# pudo leer, y un registro con un campo que no se pudo leer.
err-babybuddy-page = la lista `{ $resource }` de Baby Buddy respondió HTTP { $status } desde el registro { $offset }; no se importó nada
err-babybuddy-token = Baby Buddy rechazó la clave de la API (HTTP { $status }): vuelve a copiarla de la página de ajustes de usuario de Baby Buddy; no se importó nada
err-babybuddy-unreachable = no se pudo conectar con Baby Buddy ({ $problem }): comprueba su dirección y que esté en marcha; no se importó nada
err-babybuddy-not-a-page = la lista `{ $resource }` de Baby Buddy desde el registro { $offset } no es una página de la API de Baby Buddy ({ $problem }); no se importó nada
err-babybuddy-unreadable = no se pudo leer este registro de Baby Buddy ({ $problem }); no se importó nada
err-babybuddy-api-off = este hogar no ha dejado entrar a las apps de Baby Buddy: un propietario puede activarlas en los ajustes del hogar
