# Las palabras de la línea de órdenes de soothe (crates/soothe). La maquetación (columnas,
# viñetas, relojes) queda en el código; todas las palabras están aquí.

## Errores y el idioma

cli-lang-unknown = soothe no habla `{ $lang }`; elige uno de estos idiomas: en, es
cli-catalog-broken = el catálogo integrado está dañado: { $error }
cli-json-failed = no se pudo escribir el JSON: { $error }
cli-cannot-read = no se puede leer { $file }: { $error }
cli-cannot-read-stdin = no se puede leer la entrada estándar: { $error }
cli-cannot-write = no se puede escribir { $file }: { $error }
cli-unknown-routine = no existe la rutina `{ $id }`; las que hay son: { $known }
cli-unknown-claim = no existe el beneficio `{ $id }`; los que hay son: { $known }
cli-invalid-check-input = los datos de la comprobación no son válidos: { $error }
cli-invalid-events = los eventos no son válidos: { $error }
cli-simulate-one-stdin = solo una de las opciones --check y --events puede leer la entrada estándar

## Piezas comunes

cli-sources = Fuentes:
cli-quoted = «{ $words }»
cli-area-left-leg = Pierna izquierda
cli-area-right-leg = Pierna derecha
cli-area-feet = Pies
cli-area-abdomen = Barriguita
cli-area-chest = Pecho
cli-area-left-arm = Brazo izquierdo
cli-area-right-arm = Brazo derecho
cli-area-hands = Manos
cli-area-face = Cara
cli-area-head = Cabeza
cli-area-back = Espalda

## soothe routines, routine

cli-ages-range = { $from }–{ $to } semanas
cli-ages-any = cualquier edad
cli-ages-from = desde { $from } semanas
cli-routines-id = RUTINA
cli-routines-min = MINUTOS
cli-routines-ages = EDADES
cli-routines-title = TÍTULO
cli-routines-clinicians-only = { $title } (solo para profesionales sanitarios)
cli-routines-see-steps = Mira los pasos con `soothe routine ID`.
cli-routine-about = Unos { $minutes } minutos · { $ages }
cli-routine-clinicians-only = Solo para profesionales sanitarios formados: soothe no empezará esta rutina para una madre o un padre.
cli-routine-ask-permission = Pide permiso
cli-routine-closing = Cierre
cli-routine-end = fin
cli-routine-how = Cómo: { $how }
cli-routine-pressure = Presión: { $pressure }
cli-routine-note = Para tener en cuenta: { $note }
cli-cues-title = Las señales de tu bebé
cli-cues-intro = Qué hacer ante cada señal viene de la enseñanza del masaje, no de estudios.
cli-cues-enjoying = Me gusta
cli-cues-enjoying-intro = A tu bebé le gusta el masaje. Sigue con el mismo ritmo tranquilo.
cli-cues-break = Necesito una pausa corta
cli-cues-break-intro = Deja de mover las manos, apóyalas quietas sobre tu bebé y espera a que se calme.
cli-cues-stop = Para ya
cli-cues-stop-intro = Termina el masaje con suavidad y consuela a tu bebé. Un bebé dormido se acuesta boca arriba, en su propia cuna, sin nada suelto a su alrededor.
cli-cues-help = Busca ayuda
cli-cues-looks-like = Cómo se ve: { $text }
cli-cues-respond = Qué hacer: { $text }

## soothe oils, evidence

cli-suitability-preferred = preferido
cli-suitability-suitable = adecuado
cli-suitability-caution = con precaución
cli-suitability-avoid = evitar
cli-oil-suitability = piel de un bebé nacido antes de tiempo: { $preterm } · piel de recién nacido: { $newborn }
cli-oil-allergy = Alergia:
cli-oils-patch-test = Prueba siempre un aceite en una zona pequeña de piel antes de un masaje completo, y nunca pongas aceite en la cara.
cli-evidence-intro = Lo que dicen los estudios sobre cada beneficio que se atribuye al masaje infantil. Los grados siguen GRADE: alto, moderado, bajo, muy bajo; y además «no se han encontrado pruebas» y «no tiene respaldo». El masaje no es un tratamiento para ninguna enfermedad.
cli-claim-why = Por qué este grado:
cli-grade-high = Certeza alta
cli-grade-moderate = Certeza moderada
cli-grade-low = Certeza baja
cli-grade-very-low = Certeza muy baja
cli-grade-no-evidence = No se han encontrado pruebas
cli-grade-not-supported = No tiene respaldo
cli-grade-high-meaning = Estamos muy seguros de que el efecto real se parece mucho a lo que encontraron los estudios.
cli-grade-moderate-meaning = Es probable que el efecto real se parezca a lo que encontraron los estudios, pero podría ser bastante distinto.
cli-grade-low-meaning = Nuestra confianza es limitada: el efecto real puede ser bastante distinto.
cli-grade-very-low-meaning = Tenemos muy poca confianza: es probable que el efecto real sea bastante distinto.
cli-grade-no-evidence-meaning = Ningún estudio controlado en bebés ha estudiado esto.
cli-grade-not-supported-meaning = No hay pruebas, y lo que se afirma va mucho más allá de lo que se ha estudiado.

## soothe catalog check

cli-catalog-no-files = { $dir } no contiene ningún archivo .toml
cli-catalog-ok = catálogo correcto: { $routines } rutinas, { $strokes } movimientos, { $cues } señales, { $oils } aceites, { $claims } beneficios con sus pruebas, { $rules } reglas, { $sources } fuentes
cli-catalog-lang-ok = correcto ({ $what })
cli-catalog-lang-problems = { $count } problema(s)
cli-catalog-ok-en = la estructura del catálogo y los textos en inglés
cli-catalog-ok-es = todos los textos traducidos, con las cautelas y las palabras de seguridad en español
cli-catalog-ok-qps = el pseudoidioma, todos los textos entre marcas

## soothe check

cli-check-ready-state-unknown = Nada en el diario impide un masaje. ¿Cómo está tu bebé ahora? Míralo y luego añade "state" a los datos (despierto y tranquilo, inquieto, llorando, con hambre, adormilado o dormido) y vuelve a comprobar.
cli-check-ready = ADELANTE: ahora es un buen momento para un masaje.
cli-check-not-now = AHORA NO: espera a que tu bebé esté despierto, tranquilo y atento.
cli-check-wait-until = ESPERA hasta las { $until } (unos { $minutes } min a partir de ahora).
cli-check-wait-until-day = ESPERA hasta el { $until } (unos { $minutes } min a partir de ahora).
cli-check-wait = ESPERA: todavía no; mira el porqué más abajo.
cli-check-ask-clinician = PREGUNTA PRIMERO A TU MÉDICO O ENFERMERA: consigue su visto bueno antes de dar masajes en casa.
cli-check-not-today = HOY NO: hoy nada de masaje; mimos y descanso en su lugar.
cli-check-seek-care = BUSCA ATENCIÓN MÉDICA AHORA: no es momento para un masaje. Llama a tu médico, a tu línea local de urgencias o a emergencias.
cli-check-why = Por qué:
cli-check-before-you-start = Antes de empezar:
cli-check-adapt-ready = Cómo adaptar el masaje:
cli-check-adapt-later = Cuando des el masaje:
cli-check-adapt-once-agreed = Cuando tu médico o enfermera esté de acuerdo:
cli-check-age = Bebé: { $days } días.
cli-check-age-preterm = Bebé: { $days } días, nacido antes de tiempo (edad corregida { $corrected } días).

## soothe session simulate, vectors

cli-cannot-plan = no se puede planificar `{ $id }`: { $error }
cli-plan-clinician-only = `{ $id }` es un protocolo solo para personal sanitario formado, no una rutina para casa; soothe no lo empezará para una madre o un padre
cli-plan-not-allowed = la comprobación antes del masaje dice: { $verdict }. { $reason }
cli-plan-no-state = di cómo está tu bebé ahora (despierto y tranquilo, inquieto, llorando, con hambre, adormilado o dormido): un masaje solo empieza cuando la comprobación lo sabe
cli-plan-nothing-left = no queda nada de `{ $id }` después de las adaptaciones ({ $reasons }); elige otra rutina
cli-step-done = hecho
cli-step-partial = parcial
cli-step-skipped-cue = saltado (señal)
cli-step-skipped-you = saltado (tú)
cli-step-not-reached = sin llegar
cli-ended-completed = completado
cli-ended-baby-cues = las señales de tu bebé dijeron basta
cli-ended-asleep = tu bebé se quedó dormido
cli-ended-relief = tu bebé encontró alivio
cli-ended-parent-stopped = lo paraste tú
cli-ended-abandoned = en pausa más de 10 minutos
cli-ended-alarm = una señal de alarma: tu bebé necesita ayuda médica
cli-record-ended = Terminó en { $at }: { $why }.
cli-record-times = Activo { $active } · en pausa { $paused } · previsto { $planned }
cli-record-comfort = Consuelo:
cli-record-steps = Pasos:
cli-record-cues = Señales:
cli-cue-paused = pausa con las manos quietas
cli-cue-skipped-area = se saltó el resto de la zona
cli-cue-ended = terminó la sesión
cli-cue-logged = anotada
cli-record-left-out = Lo que el plan dejó fuera:
cli-record-oil = aceite
cli-record-skip-area = { $what } en { $area } ({ $reason })
cli-vectors-failed = no se pudieron generar los vectores: { $error }
cli-vectors-written = { $count } vectores de conformidad escritos en { $dir }

## soothe guide

cli-guide-no-check = No has dado --check: asegúrate de que tu bebé está despierto, tranquilo y con los ojos vivos, y de que la última toma terminó hace al menos 45 minutos.
cli-guide-time-note = Esta sesión se ajusta a la edad de tu bebé: como mucho { $minutes } minutos, así que algunas partes se acortan o se dejan fuera.
cli-guide-no-espeak = espeak-ng no está instalado, así que soothe no puede hablar: instálalo (por ejemplo, apt-get install espeak-ng) o lee las palabras en la pantalla.
cli-guide-terminal-failed = el terminal ha fallado: { $error }
cli-guide-not-started = No se empezó ninguna sesión.
cli-guide-record-written = Registro escrito en { $file }
cli-guide-record-failed = no se pudo escribir el registro: { $error }
cli-guide-record-written-screen = Registro escrito en { $file }.
cli-guide-record-failed-screen = No se pudo escribir el registro: { $error }
cli-guide-about = Unos { $minutes } minutos · como mucho { $max } a esta edad
cli-guide-press-enter = Pulsa Intro para empezar
cli-guide-permission = Empieza con el ritual de permiso: enseña las manos abiertas y pregunta. Si tu bebé aparta la mirada, prueba en otro momento.
cli-guide-alarm-status = PIDE AYUDA AHORA · { $name }
cli-guide-alarm-title = Pide ayuda ahora: { $name }
cli-guide-alarm-note = Cuando tu bebé esté a salvo, anótalo en el diario como señal de alarma («{ $sign }»).
cli-guide-press-q = Pulsa q para ver el registro y salir.
cli-guide-ended = Terminado
cli-guide-ended-title = El masaje ha terminado
cli-guide-cue-pause-status = Manos quietas · paso { $step } de { $steps }
cli-guide-cue-pause-title = Pausa: deja las manos quietas
cli-guide-paused-status = En pausa por ti · paso { $step } de { $steps } · espacio para seguir
cli-guide-step-status = Paso { $step } de { $steps }
cli-guide-next = Después: { $step }
cli-guide-controls = [espacio] pausa/seguir  [n] siguiente  [s] parar  [f] gases  [b] caca  [q] salir
cli-guide-group-break = Un pequeño descanso
cli-guide-group-stop = Para ya
cli-guide-group-help = Pide ayuda
cli-guide-group-well = Va bien
cli-guide-key-looks-away = aparta la mirada
cli-guide-key-yawns = bosteza
cli-guide-key-hiccups = tiene hipo
cli-guide-key-grimaces = hace muecas
cli-guide-key-spits-up = regurgita
cli-guide-key-turns-away = se gira
cli-guide-key-arches-back = arquea la espalda
cli-guide-key-cries = llora
cli-guide-key-falls-asleep = se duerme
cli-guide-key-vomits = vomita
cli-guide-key-chokes = se atraganta
cli-guide-key-colour-change = pálido, azulado o con manchas
cli-guide-key-breathing = respiración
cli-guide-key-floppy = flácido
cli-guide-key-smiles = sonríe
cli-guide-prepare-border = soothe · antes de empezar
cli-guide-prepare-enter = Pulsa Intro cuando todo esté listo, o q para parar aquí.

## soothe serve, migrate, user, token, backup, demo

cli-runtime-failed = no se puede arrancar el motor asíncrono: { $error }
cli-data-dir-failed = no se puede crear la carpeta de datos { $dir }: { $error }
cli-db-open-failed = no se puede abrir la base de datos: { $error }
cli-db-damaged =
    el archivo de la base de datos { $file } está dañado, así que soothe no arrancará (la comprobación dijo: { $problem }).
    Para recuperar tu última copia de seguridad:
    1. Para soothe (ahora está parado).
    2. Aparta el archivo dañado: mv { $file } { $file }.damaged
    3. Copia tu copia de seguridad encima: cp /ruta/a/tu-copia.db { $file }
    4. Borra los archivos de escritura anticipada antiguos: rm -f { $file }-wal { $file }-shm
    5. Vuelve a arrancar soothe.
    Haz copias de seguridad con `soothe backup --out ARCHIVO`.
cli-will-not-start = soothe no arrancará: { $problem }
cli-schema-unreadable = no se puede leer la versión del esquema de la base de datos: { $error }
cli-db-check-failed = soothe no arrancará: la comprobación de la base de datos no pudo hacerse: { $error }
cli-listen-failed = no se puede escuchar en { $bind }: { $error }
cli-db-no-answer = la base de datos no responde: { $error }
cli-server-failed = el servidor ha fallado: { $error }
cli-vapid-failed = no se pueden leer ni crear las claves de Web Push: { $error }
cli-migrated = { $count } migración(es) aplicada(s); la base de datos está en la última de { $latest }
cli-password-prompt = Contraseña (al menos 10 caracteres):
cli-password-again = Otra vez:
cli-password-differ = las dos contraseñas no coinciden
cli-password-unreadable = no se puede leer la contraseña: { $error }
cli-user-created =
    creada la cuenta { $email } (usuario { $user }), propietaria de "{ $household }" (hogar { $id }, { $zone })
    consigue un token de la API: soothe token create --email { $email }
cli-token-not-member = { $email } no es miembro de ese hogar
cli-backup-postgres = soothe backup copia la base de datos SQLite; para PostgreSQL usa pg_dump
cli-backup-no-database = no hay base de datos en { $file }; no hay nada que copiar
cli-backup-written = copia de seguridad escrita en { $file } ({ $bytes } bytes)
cli-demo-no-household = { $email } no pertenece a ningún hogar
cli-demo-progress = sembrando: { $done }/{ $total } días
cli-demo-seeded = { $babies } bebés sembrados con { $events } eventos en { $seconds } s
cli-demo-babies = bebés: { $ids }
cli-demo-sign-in = entra como { $email } con la contraseña { $password }
cli-demo-token = token de la API: { $token }

## La entrada de soothe check

cli-standard-input = la entrada estándar
cli-input-too-large = { $file } ocupa más de 1 MiB ({ $bytes } bytes); los datos de una comprobación ocupan mucho menos, así que comprueba que es el archivo correcto
cli-input-not-utf8 = { $file } no es texto UTF-8; guárdalo como UTF-8

## Ajustes (soothe.toml y variables SOOTHE_*)

cli-config-unknown = { $file }: el ajuste `{ $key }` no existe (los que hay: { $known })
cli-config-not-boolean = { $name }: `{ $raw }` no es un valor lógico (true o false)
cli-config-not-number = { $name }: `{ $raw }` no es un número entero
cli-config-invalid = ajuste no válido: { $error }
cli-config-bind = bind: `{ $bind }` no es una dirección como 127.0.0.1:8080
cli-config-database-url = database_url: usa una URL postgres://, o déjala vacía para usar SQLite en data_dir
cli-config-log-level = log_level: `{ $level }` no es un filtro de registro ({ $error })
cli-config-max-connections = max_connections: { $value } está fuera de 1–200
cli-config-public-url = public_url: `{ $url }` { $why }; usa la dirección que escribe la gente, como https://soothe.example.org
cli-config-url-scheme = debe empezar por https:// o http://
cli-config-url-spaces = tiene espacios o caracteres de control
cli-config-url-query = no debe llevar consulta (?) ni fragmento (#)
cli-config-url-password = no debe llevar nombre de usuario ni contraseña
cli-config-url-host = no tiene nombre de host

## La ayuda de la línea de órdenes (soothe --help, soothe <orden> --help): qué hace cada
## orden (cli-about-<ruta>), la ayuda de cada argumento (cli-arg-<ruta>-<id>; uno global o
## propio de clap, por su id), los marcadores de valores (cli-value-<nombre>) y los títulos.

cli-help-usage = Uso
cli-help-commands = Órdenes
cli-help-arguments = Argumentos
cli-help-options = Opciones
cli-value-lang = IDIOMA
cli-value-file = ARCHIVO
cli-value-dir = CARPETA
cli-value-zone = ZONA
cli-value-id = IDENTIFICADOR
cli-value-claim = AFIRMACIÓN
cli-value-routine = RUTINA
cli-value-email = CORREO
cli-value-household = HOGAR
cli-value-name = NOMBRE
cli-value-babies = BEBÉS
cli-value-days = DÍAS
cli-value-command = ORDEN
cli-arg-lang = El idioma de la salida: `en` o `es` (por defecto, el de la configuración regional en `LC_ALL`, `LC_MESSAGES` o `LANG`; si no, inglés). El JSON mantiene su forma en todos los idiomas
cli-arg-help = Muestra la ayuda
cli-arg-version = Muestra la versión
cli-about-help = Muestra este mensaje o la ayuda de las órdenes indicadas
cli-arg-help-subcommand = Muestra la ayuda de estas órdenes
cli-about = soothe: un compañero tranquilo para el masaje infantil
cli-about-routines = Lista las rutinas de masaje
cli-arg-routines-json = Escribe JSON en lugar de texto
cli-about-routine = Muestra una rutina paso a paso, con los segundos y las palabras que decir
cli-arg-routine-id = El id de la rutina, p. ej. `full-body` (mira `soothe routines`)
cli-arg-routine-json = Escribe JSON en lugar de texto
cli-about-cues = Las señales de tu bebé: cómo se ve cada una y qué hacer, agrupadas según lo que quieren decir
cli-arg-cues-json = Imprime JSON en lugar de texto
cli-about-oils = La guía de aceites: qué aceites van bien a qué bebés, y por qué
cli-arg-oils-json = Escribe JSON en lugar de texto
cli-about-evidence = Qué dicen los estudios de cada beneficio que se atribuye al masaje, con su grado de certeza
cli-arg-evidence-claim = El id de una afirmación (p. ej. `sleep_term`); sin él, todas
cli-arg-evidence-json = Escribe JSON en lugar de texto
cli-about-catalog = Trabaja con el catálogo
cli-about-catalog-check = Comprueba el catálogo: el incluido en soothe, o los archivos TOML de una carpeta
cli-arg-catalog-check-dir = Una carpeta con archivos TOML del catálogo (p. ej. `content/`) que comprobar en lugar del catálogo incluido
cli-about-session = Simula sesiones y escribe los vectores de conformidad del motor
cli-about-session-simulate = Planifica una rutina a partir de unos datos de comprobación, reproduce eventos con sus tiempos en el motor de sesiones y muestra el registro
cli-arg-session-simulate-routine = El id de la rutina (sustituye al `routine` de los datos de comprobación)
cli-arg-session-simulate-check = Los datos de comprobación (como para `soothe check`), o `-` para la entrada estándar
cli-arg-session-simulate-events = Los eventos: `[{"{"}"t": 0, "event": "start"{"}"}, {"{"}"t": 75, "event": "cue", "cue": "looks_away"{"}"}]`
cli-arg-session-simulate-clinician = La sesión la lleva un profesional sanitario (necesario para los protocolos solo para profesionales)
cli-arg-session-simulate-json = Escribe el registro como JSON
cli-about-session-vectors = Escribe los vectores de conformidad (un archivo JSON por escenario) que todo reproductor de sesiones debe reproducir igual
cli-arg-session-vectors-out = La carpeta donde escribirlos (se crea si no existe)
cli-about-guide = Guía un masaje en el terminal: el paso actual en grande, una cuenta atrás, lo que viene después y una tecla por cada señal del bebé
cli-arg-guide-routine = El id de la rutina, p. ej. `full-body`
cli-arg-guide-check = Unos datos de comprobación (como para `soothe check`) que describen al bebé ahora; sin ellos, soothe supone un bebé de 16 semanas, nacido a término, sano y tranquilo, y te pide que lo compruebes antes
cli-arg-guide-speak = Dice cada paso en voz alta con `espeak-ng` (si está instalado)
cli-arg-guide-out = Al terminar, escribe el registro de la sesión como JSON en este archivo
cli-arg-guide-clinician = La sesión la lleva un profesional sanitario (necesario para los protocolos solo para profesionales)
cli-about-check = ¿Es buen momento para un masaje? Lee los datos de comprobación como JSON
cli-arg-check-input = El archivo de entrada, o `-` para la entrada estándar
cli-arg-check-json = Escribe el resultado para máquinas (JSON)
cli-about-serve = Pone en marcha el servidor: la aplicación web y la API JSON en `SOOTHE_BIND` (por defecto 127.0.0.1:8080), hasta Ctrl-C o SIGTERM
cli-about-worker = Envía solo los recordatorios (los de las rutinas diarias y las revisiones de las pruebas de aceite) con la base de datos configurada, hasta Ctrl-C o SIGTERM: para instalaciones que ejecutan `soothe serve` con `reminders = false`
cli-about-migrate = Aplica las migraciones pendientes de la base de datos (PostgreSQL; SQLite se migra al abrirla)
cli-about-config = Muestra la configuración en vigor (valores por defecto, luego `soothe.toml`, luego `SOOTHE_*`), sin los secretos
cli-about-user = Gestiona las cuentas de usuario
cli-about-user-create = Crea una cuenta dueña de un hogar nuevo. La contraseña se pide, o se lee de la entrada estándar si no es un terminal
cli-arg-user-create-email = El correo electrónico (el nombre con el que se inicia sesión)
cli-arg-user-create-household = El nombre del hogar
cli-arg-user-create-time-zone = La zona horaria IANA del hogar: «hoy» se cuenta en ella
cli-arg-user-create-name = El nombre que ve el hogar (por defecto, la parte del correo antes de la @)
cli-about-token = Gestiona los tokens de la API
cli-about-token-create = Crea un token de la API para un usuario y lo muestra (una sola vez)
cli-arg-token-create-email = El correo electrónico del usuario
cli-arg-token-create-name = Un nombre para reconocer el token
cli-arg-token-create-household = El id del hogar, para quien pertenece a varios (por defecto, el primero)
cli-about-backup = Escribe una copia coherente de la base de datos SQLite mientras soothe funciona
cli-arg-backup-out = El archivo que escribir (no debe existir)
cli-about-demo = Datos de demostración
cli-about-demo-seed = Llena un hogar de demostración con un diario realista (unas 8 tomas, 4 sueños, 1 masaje y 6 pañales al día por bebé, y el peso cada semana), hasta ahora. Escribe en la base de datos que soothe tiene configurada: para probar, dale una carpeta propia, p. ej. `SOOTHE_DATA_DIR=./demo-data`
cli-arg-demo-seed-babies = Cuántos bebés
cli-arg-demo-seed-days = Cuántos días de diario
cli-arg-demo-seed-email = El correo del dueño de la demostración (se crea con una contraseña aleatoria si no existe)
cli-about-user-reset-password = Muestra un enlace de un solo uso para que la cuenta con este correo elija una contraseña nueva. Sirve una sola vez, durante 24 horas; su dirección es `public_url` o, si no, la dirección en la que escucha soothe
cli-arg-user-reset-password-email = El correo electrónico de la cuenta
cli-reset-link = Un enlace de un solo uso para que { $email } elija una contraseña nueva (sirve una sola vez, hasta el { $expires } UTC):
cli-reset-link-local = Este enlace usa la dirección en la que escucha soothe; pon public_url para crear enlaces que otras personas puedan abrir.
cli-config-smtp = smtp_url — { $why }
cli-config-smtp-scheme = debe empezar por smtp:// (STARTTLS), smtps:// (TLS) o smtp+plaintext:// (solo a esta máquina)
cli-config-smtp-host = no tiene nombre de servidor
cli-config-smtp-port = tiene un puerto que no es un número del 1 al 65535
cli-config-smtp-extra = debe tener la forma smtp://usuario:contraseña@servidor:587, sin ruta, consulta, espacios ni caracteres de control
cli-config-smtp-plaintext = smtp+plaintext:// envía el correo sin cifrar, así que solo puede ir a esta máquina (127.0.0.1, ::1 o localhost)
cli-config-smtp-encoding = tiene un usuario o una contraseña que no es una codificación por porcentajes válida (escribe @ como %40)
cli-config-smtp-from = necesita que smtp_from sea una dirección de correo, como soothe <soothe@example.org>
cli-config-smtp-from-missing = necesita también smtp_from: la dirección del remitente, como soothe <soothe@example.org>
cli-config-smtp-public-url = necesita también public_url: los enlaces de los correos se crean con ella, nunca con la dirección que indique una petición

## soothe export y soothe import household (issue 17)
cli-about-export = Escribe todo el hogar como documento de exportación de soothe (bebés, cada evento, miembros sin secretos, ajustes, ritmos, experimentos), como archivos CSV en un zip, o el diario de un bebé como FHIR R4 para el médico
cli-arg-export-email = El correo de uno de los propietarios del hogar
cli-arg-export-household = El id del hogar, para quien es propietario de varios (por defecto: el primero)
cli-arg-export-csv = Escribe archivos CSV en un zip en lugar del documento JSON
cli-arg-export-fhir = Escribe en su lugar el diario de este bebé como Bundle FHIR R4
cli-arg-export-out = El archivo que se escribe (no debe existir), o `-` para la salida estándar
cli-about-import = Importa datos en soothe
cli-about-import-household = Importa un documento de exportación de soothe: en un hogar nuevo creado a partir de él (sus miembros vienen con él; una cuenta que falte aquí se crea sin contraseña), o con `--email` en el hogar de ese propietario, que no debe tener otros bebés. Todo o nada; repetirlo no guarda nada nuevo
cli-arg-import-household-file = El documento de exportación
cli-arg-import-household-email = Importa en el hogar de este propietario en lugar de uno nuevo
cli-arg-import-household-household = Con `--email`: el id del hogar, para quien es propietario de varios
cli-export-written = exportación escrita en { $file } ({ $bytes } bytes)
cli-import-done = importado en el hogar { $household }:
cli-import-members = miembros: { $new } añadidos, { $unchanged } ya estaban
cli-import-babies = bebés: { $new } nuevos, { $unchanged } ya estaban
cli-import-events = eventos: { $new } nuevos, { $unchanged } ya estaban
cli-import-rhythms = ritmos: { $new } nuevos, { $unchanged } ya estaban
cli-import-experiments = experimentos: { $new } nuevos, { $unchanged } ya estaban
cli-import-account-made = { $email } aún no tiene contraseña aquí: créale un enlace con `soothe user reset-password --email { $email }`
cli-import-not-member = { $email } no es miembro de este hogar: sus eventos no nombran a nadie (invítale y vuelve a importar para conservar quién anotó qué)

## soothe restore
cli-about-restore = Vuelve a poner una copia de seguridad de SQLite en lugar de la base de datos (con soothe detenido). La copia se comprueba antes; la base de datos actual se guarda al lado
cli-arg-restore-from = La copia de seguridad que se restaura (hecha con `soothe backup`)
cli-restore-postgres = soothe restore vuelve a poner una copia de SQLite; para PostgreSQL restaura un volcado de pg_dump con pg_restore (o con psql si es un volcado en texto)
cli-restore-no-file = no hay ningún archivo en { $file }
cli-restore-not-a-database = { $file } no es una base de datos SQLite
cli-restore-damaged = { $file } está dañado (la comprobación de integridad dijo: { $problem }); prueba con una copia más antigua
cli-restore-not-soothe = { $file } es una base de datos SQLite, pero no la hizo este soothe
cli-restore-newer = { $file } la hizo un soothe más nuevo (su esquema está en la migración { $database } y este soothe conoce hasta la { $binary }); restáurala con ese soothe más nuevo
cli-restore-same-file = { $file } es la propia base de datos
cli-restore-in-use = la base de datos { $db } está abierta en otro programa: detén soothe (y su worker) antes y vuelve a restaurar
cli-restore-nothing-changed = No se ha cambiado nada.
cli-restore-failed = la restauración falló: { $error }
cli-restore-done = { $file } restaurado como { $db }
cli-restore-kept = la base de datos que había se guarda como { $file } (bórrala cuando compruebes que los datos restaurados están bien)
cli-restore-older = el esquema de la copia está en la migración { $database } de { $binary }: soothe lo actualiza al arrancar (migrate_on_start) o con soothe migrate

## soothe import babybuddy: su ayuda, las líneas de avance (salida de errores) y el informe.
cli-about-import-babybuddy = Importa los niños y los registros de un Baby Buddy en un hogar, desde su API (`--url` y `--token-file`) o desde su exportación JSON de administración (`--export`). A Baby Buddy solo se le envían GET. No se guarda nada si no se puede guardar todo; una segunda importación guarda solo lo nuevo. Véase docs/IMPORT.md
cli-arg-import-babybuddy-url = La dirección de Baby Buddy, p. ej. `http://babybuddy.local:8000`
cli-arg-import-babybuddy-token-file = Un archivo con la clave de la API (la muestra la página de ajustes de usuario de Baby Buddy)
cli-arg-import-babybuddy-export = Una carpeta con los archivos de la exportación JSON de Baby Buddy (`feeding.json`, `child.json`, …)
cli-arg-import-babybuddy-export-zone = La zona horaria del usuario de Baby Buddy que hizo la exportación (sus horas no la llevan; por omisión: la del hogar)
cli-arg-import-babybuddy-instance = La dirección del Baby Buddy del que viene la exportación, para que sus registros y los leídos de su API sean los mismos
cli-arg-import-babybuddy-email = El correo de una persona propietaria o cuidadora del hogar en el que importar
cli-arg-import-babybuddy-household = El id del hogar, para quien está en varios (por omisión: el primero)
cli-arg-import-babybuddy-units = Las unidades de los números de Baby Buddy, `metric` o `us` (por omisión: las del hogar)
cli-arg-import-babybuddy-dry-run = Solo mostrar lo que se importaría
cli-value-url = DIRECCIÓN
cli-value-units = UNIDADES
cli-bb-progress = { $resource }: { $read } de { $count } leídos
cli-bb-progress-read = { $resource }: { $read } leídos
cli-bb-line = { $resource }: { $read } leídos, { $new } nuevos, { $already } ya estaban
cli-bb-skipped = { "  " }{ $count } sin importar: { $reason }
cli-bb-dry-run = Prueba: no se guardó nada.
cli-bb-done = Importado.
cli-bb-units = unidades: `{ $value }` no es ni `metric` ni `us`
cli-bb-zone = `{ $zone }` no es una zona horaria (escribe una como Europe/Madrid)
cli-bb-no-user = ninguna cuenta tiene el correo { $email }
cli-bb-no-export = { $dir } no contiene ningún archivo de exportación JSON de Baby Buddy (feeding.json, child.json, …)
cli-bb-source = indica --url con --token-file, o --export
cli-arg-demo-seed-households = Cuántos hogares: el primero del propietario y luego otros nuevos que también son suyos, cada uno con sus bebés, su diario y un token de API (para medir con muchos hogares)
cli-arg-demo-seed-jobs = Cuántos hogares se llenan a la vez
cli-arg-demo-seed-targets = Un archivo donde escribir el token y los bebés de cada hogar, una línea por hogar (el token y luego los ids de los bebés, separados por tabuladores); se crea con permisos 0600 y nunca se sobrescribe
cli-demo-households = hogares: { $done }/{ $total }
cli-demo-households-seeded = en { $households } hogares
cli-value-households = HOGARES
cli-value-jobs = TAREAS
cli-value-targets = DESTINOS
