player-seconds-left = segundos restantes
player-rest = Deja las manos quietas
player-s = s
player-ready = Ya puedo anotar cómo fue
player-rating = ¿Qué le pareció a tu bebé?
player-rating-1 = no le gustó
player-rating-2 = no mucho
player-rating-3 = estuvo bien
player-rating-4 = le gustó
player-rating-5 = le encantó
player-save = Guardar en el diario
player-open-journal = Abrir el diario
player-start = Empezar
player-viewer-note = Puedes leer este plan. El masaje lo empieza, y lo anota en el diario, el propietario o un cuidador.
player-pause = Pausa
player-next = Paso siguiente
player-stop = Parar
player-mute = Silenciar la voz
player-other-things = Otras cosas que anotar
player-passed-gas = Expulsó gases
player-poo = Caca
player-more-cues-button = Más señales…
player-more-cues = Más señales
close = Cerrar
player-voice-settings = Ajustes de la voz
player-voice = Voz
player-speed = Velocidad
player-title = Masaje guiado
# Se dice al empezar la pausa por una señal: «Deja las manos quietas» y la frase del catálogo.
pl-rest-say = Deja las manos quietas. { $words }
# Para los lectores de pantalla al terminar: el título del final y sus palabras.
pl-ended-announce = El masaje ha terminado. { $title }. { $words }

## La hoja «¿Cómo?»: cómo se hace el paso actual, mientras el reloj de la sesión está en pausa.
pl-how-button = ¿Cómo?
# El título de la hoja: el nombre del paso.
pl-how-title = Cómo se hace: { $step }
pl-how-how = Cómo
pl-how-pressure = Presión
pl-how-note = Conviene saber
pl-how-say = Lo que dices
pl-how-paused = El masaje está en pausa mientras lees. Sigue cuando cierres esto.
pl-how-close = Cerrar y seguir
pl-how-close-plain = Cerrar
# El enlace de los botones de señales a la guía de señales de la biblioteca.
pl-cue-guide = Cómo son las señales (se abre en otra pestaña)
# Junto a cada botón de señal: «?» lleva a esa señal en la guía (lo leen los lectores de pantalla).
pl-cue-help = Qué significa «{ $cue }», en la guía de señales (se abre en otra pestaña)
pl-cue-help-mark = ?
# Se muestra y se dice cuando abrir una señal en la guía ha pausado un masaje en marcha.
pl-guide-paused = En pausa mientras lees la guía de señales. Toca Continuar para seguir.

## Modo de práctica: una rutina a tu ritmo, con un muñeco o una toalla enrollada.
pr-title = Práctica
pr-page-title = Practicar: { $routine }
pr-heading = Practicar «{ $routine }»
pr-intro = Practica con un muñeco o una toalla enrollada, a tu ritmo. No hay cuenta atrás y nada se anota en el diario.
pr-choose-routine = Elige una rutina para practicar.
# «Paso 3 de 24».
pr-step-count = Paso { $n } de { $total }
# Dónde se hace un paso: «Pies, bebé boca arriba».
pr-where = { $area }, { $position }
pr-back = Atrás
pr-next = Siguiente
pr-finish = Terminar
pr-done = Práctica terminada
pr-done-words = Muy bien. Practica tantas veces como quieras. Cuando tu bebé esté tranquilo y despierto, el masaje guiado te lleva por los mismos pasos.
pr-recorded = Anotado en tu lista de rutinas.
pr-recorded-offline = Guardado en este teléfono: se anota cuando vuelvas a tener conexión.
pr-not-recorded = No se pudo anotar esta práctica: { $why }
pr-not-recorded-plain = No se pudo anotar esta práctica. Inténtalo de nuevo.
pr-again = Practicar otra vez
pr-routines = Volver a las rutinas
pr-practise-link = Practicar
# En la lista de rutinas: cuántas veces se practicó una rutina y cuándo fue la última.
pr-practised = { $count ->
    [one] Practicada una vez, la última el { $when }
   *[other] Practicada { $count } veces, la última el { $when }
}
