# Observaciones: los días con masaje frente a los demás, y el experimento familiar (crates/words/src/insights.rs).
# $amount, $low y $high son cantidades ya redondeadas (minutos de 5 en 5, o de 1 en 1 por debajo
# de 3 min; recuentos a 0,1); $n es 1 cuando la cantidad es 1, si no 2 («una vez» o «unas
# 2 veces»); $name es el nombre del bebé; $narrow es "yes" cuando $low y $high se leen igual.

insights-outcome = { $outcome ->
    [night_sleep_minutes] Sueño nocturno
    [longest_sleep_minutes] Sueño más largo
    [night_wakings] Despertares nocturnos
    [crying_minutes] Llanto
    [gas_episodes] Gases
   *[feeds] Tomas
 }

# Lo que se ve en el diario (nunca palabras de causa).
insights-seen-more = Los días con masaje, { $outcome ->
    [night_sleep_minutes] { $name } durmió unos { $amount } más por la noche que los otros días
    [longest_sleep_minutes] el sueño más largo de { $name } duró unos { $amount } más que los otros días
    [night_wakings] { $name } se despertó por la noche { $n ->
        [one] una vez
       *[other] unas { $amount } veces
    } más que los otros días
    [crying_minutes] { $name } lloró unos { $amount } más que los otros días
    [gas_episodes] { $name } expulsó gases { $n ->
        [one] una vez
       *[other] unas { $amount } veces
    } más al día que los otros días
   *[feeds] { $name } hizo { $n ->
        [one] una toma
       *[other] unas { $amount } tomas
    } más al día que los otros días
 }; { $narrow ->
    [yes] el margen que encaja con los datos es estrecho, de unos { $low }
   *[no] el margen que encaja con los datos va de { $low } a { $high }
 }.
insights-seen-less = Los días con masaje, { $outcome ->
    [night_sleep_minutes] { $name } durmió unos { $amount } menos por la noche que los otros días
    [longest_sleep_minutes] el sueño más largo de { $name } duró unos { $amount } menos que los otros días
    [night_wakings] { $name } se despertó por la noche { $n ->
        [one] una vez
       *[other] unas { $amount } veces
    } menos que los otros días
    [crying_minutes] { $name } lloró unos { $amount } menos que los otros días
    [gas_episodes] { $name } expulsó gases { $n ->
        [one] una vez
       *[other] unas { $amount } veces
    } menos al día que los otros días
   *[feeds] { $name } hizo { $n ->
        [one] una toma
       *[other] unas { $amount } tomas
    } menos al día que los otros días
 }; { $narrow ->
    [yes] el margen que encaja con los datos es estrecho, de unos { $low }
   *[no] el margen que encaja con los datos va de { $low } a { $high }
 }.
insights-seen-same = No hay una diferencia clara en { $outcome ->
    [night_sleep_minutes] el sueño nocturno
    [longest_sleep_minutes] el sueño más largo
    [night_wakings] los despertares nocturnos
    [crying_minutes] el llanto
    [gas_episodes] los gases
   *[feeds] las tomas
 } de { $name } entre los días con masaje y los demás: { $unit ->
    [minutes] el margen que encaja con los datos va de { $low } menos a { $high } más.
   *[count] el margen que encaja con los datos va de { $low } menos a { $high } más al día.
 }
insights-seen-caveat = Es un solo bebé y también cambian otras cosas: esto no demuestra que el masaje haya marcado la diferencia.
insights-adjusted = Teniendo en cuenta que { $name } se ha hecho mayor a lo largo de estos días.

# De un experimento familiar (los días se sortearon, así que se puede hablar de causa).
insights-tried-more = En el experimento, el masaje hizo que { $outcome ->
    [night_sleep_minutes] { $name } durmiera unos { $amount } más por la noche
    [longest_sleep_minutes] el sueño más largo de { $name } durara unos { $amount } más
    [night_wakings] { $name } se despertara por la noche { $n ->
        [one] una vez
       *[other] unas { $amount } veces
    } más
    [crying_minutes] { $name } llorara unos { $amount } más
    [gas_episodes] { $name } expulsara gases { $n ->
        [one] una vez
       *[other] unas { $amount } veces
    } más al día
   *[feeds] { $name } hiciera { $n ->
        [one] una toma
       *[other] unas { $amount } tomas
    } más al día
 }; { $narrow ->
    [yes] el margen que encaja con los datos es estrecho, de unos { $low }
   *[no] el margen que encaja con los datos va de { $low } a { $high }
 }.
insights-tried-less = En el experimento, el masaje hizo que { $outcome ->
    [night_sleep_minutes] { $name } durmiera unos { $amount } menos por la noche
    [longest_sleep_minutes] el sueño más largo de { $name } durara unos { $amount } menos
    [night_wakings] { $name } se despertara por la noche { $n ->
        [one] una vez
       *[other] unas { $amount } veces
    } menos
    [crying_minutes] { $name } llorara unos { $amount } menos
    [gas_episodes] { $name } expulsara gases { $n ->
        [one] una vez
       *[other] unas { $amount } veces
    } menos al día
   *[feeds] { $name } hiciera { $n ->
        [one] una toma
       *[other] unas { $amount } tomas
    } menos al día
 }; { $narrow ->
    [yes] el margen que encaja con los datos es estrecho, de unos { $low }
   *[no] el margen que encaja con los datos va de { $low } a { $high }
 }.
insights-tried-same = En el experimento, el masaje no marcó una diferencia clara en { $outcome ->
    [night_sleep_minutes] el sueño nocturno
    [longest_sleep_minutes] el sueño más largo
    [night_wakings] los despertares nocturnos
    [crying_minutes] el llanto
    [gas_episodes] los gases
   *[feeds] las tomas
 } de { $name }: { $unit ->
    [minutes] el margen que encaja con los datos va de { $low } menos a { $high } más.
   *[count] el margen que encaja con los datos va de { $low } menos a { $high } más al día.
 }
insights-tried-caveat = Esto vale para { $name } en estas semanas, no para los bebés en general.
insights-probability = La probabilidad de que los días con masaje fueran los mejores: alrededor del { $percent } %.
insights-adherence = Se siguieron { $followed } de los { $planned } días planeados.
insights-caveat-stopped-early = El experimento se detuvo tras { $done } de { $days } días, así que el resultado está incompleto y es menos seguro.
insights-caveat-low-adherence = Solo se siguieron { $followed } de los { $planned } días planeados, así que la comparación es más débil de lo previsto.

# Aún sin número: lo que falta.
insights-too-few-both = Aún no hay días suficientes para comparar: faltan { $massage ->
    [one] un día más con masaje
   *[other] { $massage } días más con masaje
 } y { $other ->
    [one] uno más sin masaje
   *[other] { $other } más sin masaje
 } (al menos { $min } de cada).
insights-too-few-massage = Aún no hay días suficientes para comparar: { $massage ->
    [one] falta un día más con masaje
   *[other] faltan { $massage } días más con masaje
 } (al menos { $min }).
insights-too-few-other = Aún no hay días suficientes para comparar: { $other ->
    [one] falta un día más sin masaje
   *[other] faltan { $other } días más sin masaje
 } (al menos { $min }).
insights-nothing-logged = En estos días no se anotó { $outcome ->
    [night_sleep_minutes] sueño nocturno
    [longest_sleep_minutes] ningún sueño
    [night_wakings] ningún despertar nocturno (un sueño después del primero de la noche)
    [crying_minutes] llanto
    [gas_episodes] ningún gas
   *[feeds] ninguna toma
 }, así que no hay nada que comparar.
insights-not-mixed = Los días con masaje y los demás caen en semanas distintas, así que no se puede separar el efecto de que { $name } se haga mayor del efecto del masaje. Alternarlos a lo largo de las semanas, o hacer un experimento, permite una comparación justa.
insights-unstable = Estos días aún no se pueden comparar de forma fiable; anotar más días ayudará.
