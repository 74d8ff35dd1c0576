## La comprobación, el plan y la biblioteca: las palabras con que se dicen los ids y valores
## del núcleo (web/today.rs, web/massage.rs, web/library.rs, los hallazgos y planes de la API).

## El titular del veredicto (Hoy, la página del masaje)
verdict-ready = Un buen momento para un masaje
verdict-wait = Espera un poco
verdict-not-now = Ahora no
verdict-ask-clinician = Pregunta primero a tu médico o enfermera
verdict-not-today = Hoy no
verdict-seek-care = Busca ayuda médica ahora
# Una comprobación «lista» hecha antes de que digas cómo está tu bebé.
verdict-ready-no-state = Nada de lo anotado en el diario impide un masaje
verdict-woke-up = ¿Se ha despertado tu bebé?

## Qué hacer en lugar de un masaje
todo-seek-care = Llama ahora a tu médico o al número local de emergencias. soothe no puede saber qué le pasa a tu bebé.
todo-not-today = Hoy, nada de masaje. Llama hoy a tu médico, y antes si tu bebé parece estar peor.
todo-ask-clinician = Pregunta al médico o a la enfermera de tu bebé en la próxima visita, o llámales, antes de empezar con el masaje.

## Cómo está el bebé, como lo diría una madre o un padre
state-deep-sleep = Dormido
state-light-sleep = Dormido pero se mueve
state-drowsy = Adormilado
state-quiet-alert = Despierto, tranquilo, mirándote
state-active-alert = Despierto pero inquieto o quejándose
state-crying = Llorando
state-hungry = Con hambre

## Señales de alarma, dentro de una frase
sign-floppy = flácido o sin fuerza
sign-unresponsive = no responde
sign-breathing-difficulty = dificultad para respirar
sign-bulging-fontanelle = la fontanela (la zona blanda de la cabeza) abombada
sign-seizure = una convulsión
sign-non-blanching-rash = un sarpullido que no desaparece al presionarlo
sign-green-vomit = vómito verde
sign-pale-stools = caca pálida, como de tiza, u orina oscura
sign-jaundice = piel u ojos amarillos (ictericia)
sign-vomiting = vómitos con fuerza
sign-choking = atragantamiento
sign-colour-change = piel pálida, azulada o con manchas

## Lo que necesita el visto bueno del médico o la enfermera, dentro de una frase
clearance-born-early = nació antes de tiempo
clearance-heart-condition = un problema de corazón
clearance-seizures = convulsiones
clearance-hip-dysplasia = displasia de cadera
clearance-brittle-bones = huesos frágiles
clearance-recent-surgery = una operación reciente
clearance-fracture = una fractura
clearance-jaundice-treatment = tratamiento de la ictericia
clearance-other = un problema de salud

## Partes del cuerpo dentro de una frase
in-left-leg = la pierna izquierda
in-right-leg = la pierna derecha
in-feet = los pies
in-abdomen = la barriga
in-chest = el pecho
in-left-arm = el brazo izquierdo
in-right-arm = el brazo derecho
in-hands = las manos
in-face = la cara
in-head = la cabeza
in-back = la espalda
in-both-legs = las piernas
in-both-arms = los brazos

## Listas y nombres dentro de una frase
list-and = { $rest } y { $last }
list-or = { $rest } o { $last }
list-no-oil = ningún aceite
routine-quoted = «{ $title }»
no-routine-fits = quietud, manos en reposo y un abrazo en lugar de una rutina

## Los pasos propios del plan, y cómo se ajustó a la edad del bebé
step-ask-permission = Pedir permiso
step-closing = Cierre
step-stroke = Movimiento
time-note = { $minutes } minutos hoy: { $what }
time-note-over = Algo más de { $minutes } minutos hoy: { $what }
time-note-left-out =
    { $count ->
        [one] se deja fuera { $areas }
       *[other] se dejan fuera { $areas }
    }
time-note-left-out-shorter = { $left }, y algunos movimientos son un poco más cortos
time-note-shorter = algunos movimientos son un poco más cortos

## Las casillas de Hoy y la última toma
tile-feeds = Tomas
tile-sleep = Sueño
tile-crying = Llanto
tile-nappies = Pañales
tile-massages = Masajes
last-feed-ended = La última toma terminó a las { $time }
feeding-since = Tomando desde las { $time }
no-feed-yet = Todavía no hay ninguna toma anotada
open-unwell = Enfermo
open-skin = Problema de piel
open-skin-on = Problema de piel en { $area }
open-skin-all-over = Problema de piel por todo el cuerpo

## Los grupos de señales del reproductor y su primer paso
cues-break = Una pequeña pausa
cues-stop = Para ahora
cues-help = Pide ayuda
cues-well = Va bien
next-step-is = Después: { $step }
massage-choose-routine = Elige una rutina.
massage-say-state = Di cómo está tu bebé ahora.

## Edades de una rutina
age-from = desde las { $weeks } semanas
age-range = de { $from } a { $to } semanas
age-any = a cualquier edad

## Grados de la evidencia
grade-high = Certeza alta
grade-moderate = Certeza moderada
grade-low = Certeza baja
grade-very-low = Certeza muy baja
grade-no-evidence = No se encontraron pruebas
grade-not-supported = Sin respaldo
grade-high-meaning = Tenemos mucha confianza en que el efecto real se parece mucho a lo que encontraron los estudios.
grade-moderate-meaning = Es probable que el efecto real se parezca a lo que encontraron los estudios, pero podría ser bastante distinto.
grade-low-meaning = Nuestra confianza es limitada: el efecto real podría ser bastante distinto.
grade-very-low-meaning = Tenemos muy poca confianza: es probable que el efecto real sea bastante distinto.
grade-no-evidence-meaning = Ningún estudio controlado en bebés lo ha investigado.
grade-not-supported-meaning = No hay pruebas, y la afirmación va mucho más allá de lo que se ha estudiado.

## Partes del cuerpo, como las lista un paso de la rutina
area-left-leg = pierna izquierda
area-right-leg = pierna derecha
area-feet = pies
area-abdomen = barriga
area-chest = pecho
area-left-arm = brazo izquierdo
area-right-arm = brazo derecho
area-hands = manos
area-face = cara
area-head = cabeza
area-back = espalda

## Si un aceite es adecuado (la guía de aceites)
suit-preferred = el preferido
suit-suitable = adecuado
suit-caution = con precaución
suit-avoid = mejor evitarlo
