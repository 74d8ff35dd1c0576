## The daily rhythm, the notifications and the channels on the web
## (crates/server/src/web/rhythm.rs, notifications.rs, channels.rs; Today's next good moment).

## Today.
rw-today-link = Rutina diaria y recordatorios
rw-today-why = Por qué entonces

## The rhythm page.
rw-title = Rutina diaria
rw-heading = Rutina diaria de { $name }
rw-intro = Un masaje a la misma hora cada día, cuando tu bebé está despierto y tranquilo y no acaba de comer, puede convertirse en un ritual sereno para los dos.
rw-suggestion-heading = Una hora que habría funcionado
rw-suggestion = { $time } — funcionó { $worked } de { $days } días
rw-use = Usar { $time }
rw-use-note = Todos los días, la rutina { $routine }, con un recordatorio { $minutes } minutos antes. Puedes cambiarlo más abajo.
rw-not-enough = Aún no hay suficientes días anotados: { $logged } de los { $needed } necesarios. Sigue anotando tomas y sueños y aquí aparecerá una hora sugerida.
rw-part-show = Mostrar
rw-current-heading = Tu rutina
rw-none = Aún no hay rutina.
rw-current-time = Hora: { $time }
rw-current-suggested = Hora: la sugerida ({ $time } la próxima vez)
rw-current-suggested-unknown = Hora: la sugerida (aún ninguna: sigue anotando)
rw-current-routine = Rutina de masaje: { $routine }
rw-current-days = Días: { $days }
rw-every-day = todos los días
rw-current-remind = Un recordatorio { $minutes } min antes
rw-current-remind-none = Un recordatorio a la hora misma
rw-current-off = Los recordatorios están desactivados
rw-current-next = Próximo recordatorio: { $when }
rw-form-heading = Elegir la rutina tú
rw-time-mode = Cuándo
rw-time-at = A una hora que elijo
rw-time-suggested = Seguir la hora sugerida (se mantiene al día)
rw-field-enabled = Enviar recordatorios
rw-save = Guardar la rutina
rw-saved = Rutina guardada.
rw-time-invalid = `{ $value }` no es una hora del día (HH:MM)
rw-delete = Quitar la rutina
rw-delete-title = ¿Quitar la rutina de { $name }?
rw-delete-what = Sus recordatorios se detienen. El diario no cambia.
rw-delete-yes = Quitar la rutina
rw-deleted = Rutina quitada.
rw-viewer = Solo quienes cuidan y quienes administran pueden cambiar la rutina.
rw-channels-link = Dónde llegan los recordatorios

## The calendar.
rw-calendar-heading = En tu calendario
rw-calendar-intro = Una dirección de calendario privada pone la rutina y las revisiones de prueba de aceite en el calendario de tu teléfono. Cualquiera con la dirección puede leerla, así que compártela solo con personas de confianza.
rw-calendar-add = Añadir a tu calendario
rw-calendar-made = Tu dirección de calendario. Solo se muestra esta vez: cópiala ahora o compártela con tu aplicación de calendario.
rw-calendar-copy = Copiar la dirección
rw-calendar-share = Compartir la dirección
rw-calendar-share-title = Rutina de masaje de { $name }
rw-calendar-feeds = Direcciones de calendario
rw-calendar-feed = Creada { $when }
rw-calendar-revoke = Revocar
rw-calendar-revoke-title = ¿Revocar esta dirección de calendario?
rw-calendar-revoke-what = Los calendarios que la usan dejan de actualizarse. Puedes crear otra.
rw-calendar-revoke-yes = Revocar la dirección
rw-calendar-revoked = Dirección de calendario revocada.

## Notifications.
nt-title = Avisos
nt-badge = { $count ->
    [one] 1 aviso nuevo
   *[other] { $count } avisos nuevos
}
nt-none = Aún nada. Aquí aparecen los recordatorios de la rutina diaria y las revisiones de pruebas de aceite.
nt-new = Nuevo
nt-massage = Hora del masaje de { $baby }: { $time }, { $routine }
nt-massage-wait = Hora del masaje de { $baby }: se acaba de anotar una toma, así que mejor después de las { $until }
nt-held = El recordatorio del masaje de { $baby } de las { $time } no se envió: { $why }
nt-held-seek_care = la última comprobación dice que busques atención médica ahora
nt-held-not_today = la última comprobación dice que hoy no haya masaje
nt-held-ask_clinician = la última comprobación dice que antes preguntes a tu médico o enfermera
nt-held-experiment_rest_day = hoy es un día sin masaje en tu experimento
nt-held-other = la última comprobación no permitía un masaje
nt-patch = Hora de mirar la piel de { $baby }: la prueba de { $oil } terminó a las { $time }
nt-test = Un mensaje de prueba
nt-late = Enviado tarde: soothe no estaba en marcha a la hora prevista.
nt-open = Abrir
nt-channels = Dónde llegan los recordatorios

## Channels.
ch-title = Dónde llegan los recordatorios
ch-intro = Los recordatorios siempre aparecen en los avisos de soothe. También puedes recibirlos en este navegador, en un webhook (Home Assistant, por ejemplo), en ntfy o por correo. Solo van adonde tú elijas.
ch-none = Aún no hay otros lugares.
ch-yours = Tus lugares
ch-kind-webhook = Webhook (dirección web)
ch-kind-ntfy = Servicio ntfy
ch-kind-web_push = Navegador
ch-kind-email = Correo
ch-ntfy-target = { $topic } en { $host }
ch-ok = Funciona
ch-added = Añadido { $when }
ch-failing = Falla desde { $since }
ch-last-error = Último error: { $error }
ch-test = Enviar una prueba
ch-test-sent = Prueba enviada. Comprueba que llegó.
ch-test-failed = La prueba no se envió: { $error }
ch-test-off = Este servidor no envía mensajes.
ch-delete = Quitar
ch-delete-title = ¿Dejar de enviar recordatorios a { $what }?
ch-delete-what = Los recordatorios dejan de ir allí. Puedes volver a añadirlo.
ch-delete-yes = Quitarlo
ch-deleted = Quitado.
ch-added-done = Añadido. Envía una prueba para comprobar que funciona.
ch-webhook-heading = Añadir un webhook
ch-webhook-recipe = soothe envía un POST JSON con la cabecera X-Soothe-Signature: sha256= seguida del HMAC-SHA256 del cuerpo exacto, hecho con este secreto, en hexadecimal en minúsculas. Compruébalo antes de fiarte de un mensaje.
ch-ntfy-heading = Añadir ntfy
ch-ntfy-hint = Elige un tema difícil de adivinar: quien lo conozca puede leer los recordatorios.
ch-email-heading = Añadir un correo
ch-push-heading = Este navegador
ch-push-intro = Recibe recordatorios en este teléfono u ordenador, incluso con soothe cerrado. Tu navegador pide permiso antes.
ch-push-add = Enviar recordatorios a este navegador
ch-push-unavailable = Este navegador no puede recibir recordatorios de este servidor.
ch-push-denied = Las notificaciones de soothe están bloqueadas en los ajustes de este navegador.
ch-push-done = Este navegador recibirá recordatorios.
ch-push-failed = No se pudo añadir este navegador.
ch-add = Añadir
ch-back = Volver a tu cuenta
ch-kind-unknown = `{ $value }` no es un tipo de lugar al que soothe pueda enviar
