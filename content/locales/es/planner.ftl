# El planificador: la hora diaria sugerida, los buenos momentos de hoy y por qué (crates/words/src/planner.rs).

planner-suggested-time = Hora sugerida: { $time }
planner-worked = Habría encajado { $worked } de { $days } días
planner-too-few-days = Aún no hay bastantes días anotados: { $logged } de los { $needed } necesarios
planner-no-time = Ningún momento del día encajó { $days ->
    [one] el último día
   *[other] en ninguno de los últimos { $days } días
}
planner-next-moment = Próximo buen momento: { $from }–{ $to }
planner-moment-until = Buen momento del día hasta las { $to }
planner-no-window = Hoy ya no queda ningún buen momento

planner-part-morning = Por la mañana (06:00–12:00)
planner-part-afternoon = Por la tarde (12:00–17:00)
planner-part-evening = Antes de dormir (17:00–21:00)
planner-part-any = A cualquier hora del día (06:00–22:00)

planner-why-usually-awake = A esa hora suele estar despierto y tranquilo
planner-why-after-feed = Al menos { $gap } min después de la toma que terminó a las { $time }
planner-why-after-usual-feed = Al menos { $gap } min después de la toma, que suele terminar hacia las { $time }
planner-why-before-feed = Antes de la toma de las { $time }
planner-why-before-usual-feed = Antes de la siguiente toma, que suele ser hacia las { $time }
planner-why-after-sleep = Despierto desde las { $time }
planner-why-before-sleep = Antes del sueño de las { $time }
planner-why-after-usual-sleep = Suele estar despierto de nuevo hacia las { $time }
planner-why-before-usual-sleep = Antes de cuando suele dormirse, hacia las { $time }
planner-why-after-crying = Después del llanto, que paró a las { $time }
planner-why-before-crying = Antes del llanto de las { $time }
planner-why-after-usual-crying = Pasado el rato en que suele estar inquieto, ya tranquilo hacia las { $time }
planner-why-before-usual-crying = Antes del rato en que suele estar inquieto, hacia las { $time }
planner-why-in-part = { $part ->
    [morning] Por la mañana, como elegiste
    [afternoon] Por la tarde, como elegiste
    [evening] Antes de dormir, como elegiste
   *[any] A cualquier hora del día, como elegiste
}
planner-why-outside-part = { $part ->
    [morning] No es por la mañana, como elegiste: ahí la mejor hora habría encajado { $best } de { $days } días
    [afternoon] No es por la tarde, como elegiste: ahí la mejor hora habría encajado { $best } de { $days } días
    [evening] No es antes de dormir, como elegiste: ahí la mejor hora habría encajado { $best } de { $days } días
   *[any] No es en el momento del día que elegiste: ahí la mejor hora habría encajado { $best } de { $days } días
}
