# La página de observaciones y las del experimento en familia (crates/server/src/web/insights.rs).
# $name es el nombre del bebé; las fechas son cortas (28 nov) salvo que se diga.

iw-title = Observaciones
iw-heading = Observaciones de { $name }
iw-intro = soothe compara los días en que { $name } recibió un masaje con los días sin masaje, a partir de lo que anotasteis. Muestra lo que contiene vuestro diario, nada más.
iw-evidence-note = La investigación sobre el masaje para el sueño y el llanto de los bebés es débil; estas páginas miran solo a vuestro bebé.
iw-evidence-link = Qué dice la investigación
iw-period = Periodo
iw-period-days = Últimos { $days } días
iw-period-show = Mostrar
iw-period-range = Del { $from } al { $to }. Cada día va de las 07:00 a las 07:00 de la mañana siguiente; la noche, desde las 19:00.
iw-compare-heading = Días con masaje y otros días
iw-days-counted = Días contados: { $massage ->
    [one] un día con masaje
   *[other] { $massage } días con masaje
 } y { $other ->
    [one] un día sin masaje
   *[other] { $other } días sin masaje
 }.

# Los gráficos por día.
iw-charts-heading = Día a día
iw-legend-massage = Día con masaje (con un punto bajo la barra)
iw-legend-other = Día sin masaje
iw-chart-night = Sueño nocturno
iw-chart-crying = Llanto
iw-chart-feeds = Tomas
iw-chart-desc = { $what } de { $name } cada día del { $from } al { $to }, una barra por día. { $massaged ->
    [one] Un día con masaje está marcado
   *[other] { $massaged } días con masaje están marcados
 } con un punto; { $logged ->
    [one] un día tiene
   *[other] { $logged } días tienen
 } algo anotado, los días sin anotaciones no tienen barra.
iw-show-numbers = Ver los números
iw-table-caption = { $what }: cada día
iw-col-date = Día
iw-col-massage = Masaje
iw-massage-yes = Día con masaje
iw-massage-no = Sin masaje
iw-not-logged = nada anotado

# El experimento en familia: el formulario y la lista.
iw-try-heading = Probadlo vosotros mismos
iw-try-intro = Una prueba justa para { $name }: soothe elige los días por parejas, uno con masaje y otro sin él, en un orden sorteado, para que el crecimiento y otros cambios caigan en los dos tipos de día. Seguid el plan, anotad como siempre y, al final, soothe compara los dos tipos de día.
iw-try-outcome = Qué comparar
iw-try-days = Cuántos días (de { $min } a { $max })
iw-try-start = Empezar el experimento
iw-try-viewer = Las personas titulares y cuidadoras empiezan un experimento; aquí podéis leer cada uno.
iw-try-running = Hay un experimento en marcha: { $outcome }, hasta el { $end }.
iw-experiments-heading = Vuestros experimentos
iw-experiments-none = Todavía no hay ningún experimento.
iw-exp-item = { $outcome }, del { $from } al { $to }
iw-exp-status-starts = empieza el { $date }
iw-exp-status-day = día { $n } de { $days }
iw-exp-status-done = terminado
iw-exp-status-stopped = detenido el { $date }

# La página de un experimento.
iw-exp-title-short = Experimento
iw-exp-title = Experimento de { $name }: { $outcome }
iw-exp-intro = Un día con masaje, dad el masaje como siempre; un día sin masaje, saltadlo. Anotad tomas, sueño y llanto como siempre: la comparación los necesita.
iw-exp-started = Experimento empezado: el primer día es el { $date }.
iw-exp-result-heading = Lo que encontró el experimento
iw-exp-waiting = El resultado aparecerá aquí después del último día, el { $date }.
iw-exp-adherence-heading = Cómo va
iw-exp-no-days-yet = Todavía no ha terminado ningún día del plan.
iw-exp-stop = Detener el experimento
iw-exp-stop-title = ¿Detener este experimento?
iw-exp-stop-note = Detenerlo antes conserva lo anotado; el resultado dirá que está incompleto y es menos seguro. No se puede reanudar.
iw-exp-stopped-now = Experimento detenido.
iw-exp-schedule = El plan
iw-exp-schedule-caption = Cada día del experimento y si se siguió
iw-exp-col-plan = Previsto
iw-exp-col-followed = Seguido
iw-exp-day-massage = Día con masaje
iw-exp-day-other = Día sin masaje
iw-exp-day = { $weekday }, { $date }
iw-exp-today = hoy
iw-exp-followed = seguido
iw-exp-not-followed = no seguido
iw-exp-back = Volver a las observaciones
