## El informe para la revisión, para imprimir (crates/server/src/web/report.rs,
## templates/report.html): lo que la familia anotó, para el médico o la enfermera del bebé.
## Enumera y señala; nunca diagnostica, y el masaje nunca es un tratamiento.

report-title = Informe para la revisión
report-heading = Para la revisión: { $name }
report-kicker = soothe · informe para la revisión
report-link = Informe para la revisión, para imprimir
report-period = Las últimas cuatro semanas: del { $from } al { $to }.
report-made = Hecho el { $made }.
report-born = Nació
report-print = Imprimir
report-back-growth = Volver al crecimiento de { $name }
report-not-diagnosis = Este informe recoge lo que la familia anotó en soothe, para el médico o la enfermera del bebé. soothe no diagnostica, y el masaje no es un tratamiento para ninguna enfermedad: el equipo sanitario lee estos números con todo el contexto.

report-growth = Crecimiento
report-no-growth = Aún no hay peso, longitud ni perímetro cefálico anotados.

report-weeks = Semana a semana
report-weeks-intro = Las medias son por día con algo anotado; una semana sin nada anotado muestra un guion.
report-weeks-caption = Cada semana: tomas, sueño, pañales, llanto y masajes
report-week-dates = del { $from } al { $to }
report-days-logged = { $logged } de { $days }
report-nappies = { $wet ->
    [one] { $wet } mojado
   *[other] { $wet } mojados
 }, { $dirty ->
    [one] { $dirty } sucio
   *[other] { $dirty } sucios
 }
report-col-week = Semana
report-col-logged = Días anotados
report-col-feeds-day = Tomas al día
report-col-night-day = Sueño nocturno al día
report-col-sleep-day = Sueño al día (total)
report-col-nappies = Pañales
report-col-crying-day = Llanto al día
report-col-massages = Masajes

report-days = Día a día
report-days-intro = Un día va de las 07:00 a las 07:00 de la mañana siguiente; su noche, desde las 19:00. Un guion: ese día no se anotó nada.
report-days-caption = Cada día de las últimas cuatro semanas
report-day-date = { $weekday }, { $day }
report-col-day = Día
report-col-feeds = Tomas
report-col-night = Sueño nocturno
report-col-sleep = Sueño (total)
report-col-wet = Pañales mojados
report-col-dirty = Pañales sucios
report-col-crying = Llanto

report-health = Signos de alarma, temperaturas y enfermedades
report-health-note = Un signo de alarma que está ocurriendo ahora necesita atención médica enseguida, no la revisión: llama a tu médico o al número de emergencias.
report-signs = Signos de alarma
report-temperatures = Temperaturas
report-illnesses = Enfermedades
report-none-logged = Nada anotado en estas cuatro semanas.
report-col-when = Cuándo
report-col-sign = Signo
report-col-note = Nota
report-col-reading = Lectura
report-col-from = Desde
report-col-until = Hasta
report-temperature-high = (38 °C / 100,4 °F o más)
report-illness-going-on = sigue en curso

report-insights = Días con masaje y otros días
report-insights-intro = Los días con masaje frente a los demás en las mismas cuatro semanas, teniendo en cuenta que { $name } se hace mayor. Son los días de un solo bebé: no muestran lo que el masaje hace en los bebés en general, y nunca sustituyen el consejo del equipo sanitario.
report-insight-days = Comparados: { $massage ->
    [one] un día con masaje
   *[other] { $massage } días con masaje
 } y { $other ->
    [one] un día sin masaje
   *[other] { $other } días sin masaje
 } con algo anotado.
report-footer = Hecho por soothe a partir del registro de la familia. Los números solo están tan completos como lo anotado.
