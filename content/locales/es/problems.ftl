# Los rechazos propios de la API (application/problem+json): los títulos de los estados HTTP
# y lo que la entrada dice de una petición que no puede aceptar (sin token, sin JSON, un
# parámetro de consulta erróneo, una ruta que no es de la API). Los nombres de campos, los
# números y lo que envió la petición son valores; todas las frases a su alrededor están aquí.

problem-title-400 = Solicitud incorrecta
problem-title-401 = No autorizado
problem-title-403 = Prohibido
problem-title-404 = No encontrado
problem-title-405 = Método no permitido
problem-title-409 = Conflicto
problem-title-413 = Contenido demasiado grande
problem-title-415 = Tipo de contenido no admitido
problem-title-422 = Solicitud no válida
problem-title-429 = Demasiadas solicitudes
problem-title-500 = Error interno del servidor
problem-title-503 = Servicio no disponible
problem-title-other = Solicitud rechazada

# Firmar la petición.
problem-no-token = envía `Authorization: Bearer <token>`; consigue un token con POST /api/v1/auth/token o `soothe token create`
problem-bad-scheme = la cabecera Authorization debe ser `Bearer <token>`
problem-token-unknown = este token no existe o ha sido revocado
problem-session-ended = esta sesión ha terminado; vuelve a iniciar sesión
problem-csrf = envía el token CSRF de la página en la cabecera `X-CSRF-Token`

# El cuerpo.
problem-media-type = envía el cuerpo como JSON con `Content-Type: application/json`
problem-too-large = el cuerpo ocupa más de { $max } bytes
problem-json-syntax = el cuerpo no es JSON válido (línea { $line }, columna { $column })
problem-json-eof = el cuerpo no es JSON válido: termina antes de tiempo (línea { $line }, columna { $column })
problem-json-unreadable = el cuerpo no se puede leer como texto JSON

# Un valor del cuerpo, de la consulta o de la ruta (con el campo nombrado delante).
problem-missing = falta
problem-unknown-field = no es un campo que soothe conozca aquí; revisa cómo está escrito
problem-duplicate = aparece dos veces
problem-not-a-choice = «{ $value }» no es una de las opciones: { $choices }
problem-expected-text = debería ser un texto
problem-expected-number = debería ser un número
problem-expected-whole = debería ser un número entero
problem-expected-boolean = debería ser true o false
problem-expected-list = debería ser una lista
problem-expected-object = debería ser un objeto
problem-wrong-type = no es el tipo de valor correcto
problem-wrong-length = no tiene el número de elementos correcto
problem-bad-value = no se puede leer aquí; revisa su formato
problem-bad-value-of = «{ $value }» no se puede leer aquí; revisa su formato
problem-query = la cadena de consulta no se puede leer; revisa sus parámetros
problem-query-name-control = el nombre de un parámetro contiene un carácter de control oculto; quítalo
problem-user-id = «{ $value }» no es un identificador de usuario: da un número entero de 1 a { $max }

# Una hora, un nacimiento, una hora del día o unos días de la semana escritos de una forma
# que soothe no puede leer.
problem-time-malformed = «{ $value }» no es una fecha y hora RFC 3339 (p. ej., 2026-11-21T10:00:00+01:00)
problem-time-date-only = «{ $value }» es una fecha; hace falta una fecha y hora con desfase UTC (p. ej., { $value }T10:00:00+01:00)
problem-time-no-offset = «{ $value }» no tiene desfase UTC; añade uno, p. ej., { $value }+01:00 o { $value }Z
problem-time-offset = «{ $value }» tiene el desfase UTC { $offset }, que no usa ningún lugar; los desfases van de -14:00 a +14:00
problem-time-range = «{ $value }» está demasiado lejos en el pasado o en el futuro para soothe; revisa el año
problem-birth = «{ $value }» no es ni una fecha (2026-09-01) ni una fecha y hora con desfase
problem-time-of-day = «{ $value }» no es una hora del día (HH:MM) ni `suggested`
problem-weekdays = los días de la semana son `mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`

# Peticiones enteras.
problem-no-route = no existe ese punto de acceso; la API está bajo /api/v1 (consulta /api/v1/openapi.json)
problem-method = este punto de acceso no admite este método
problem-rate-limited = demasiados intentos de inicio de sesión; vuelve a intentarlo dentro de { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}
problem-busy = soothe está comprobando muchos inicios de sesión ahora mismo; vuelve a intentarlo dentro de { $seconds ->
    [one] { $seconds } segundo
   *[other] { $seconds } segundos
}
problem-internal = algo ha fallado en el servidor; esta petición no ha cambiado nada
