## El crecimiento frente a los Patrones de Crecimiento Infantil de la OMS (2006): lo que la
## familia lee junto a una medida. soothe se fija, nunca diagnostica: cada aviso lleva a la
## revisión.

growth-weight-for-age = Peso para la edad
growth-length-for-age = Longitud para la edad
growth-head-circumference-for-age = Perímetro cefálico para la edad
growth-source = Patrones de Crecimiento Infantil de la OMS (2006)
growth-age = Edad
growth-corrected-age = Edad corregida (por haber nacido antes de tiempo)
growth-mention-at-check-up = Coméntalo en la próxima revisión.
growth-flag-below-p2 = Por debajo de la línea del percentil 2.
growth-flag-above-p98 = Por encima de la línea del percentil 98.
growth-flag-crossed-down = Ha bajado cruzando { $lines } { $lines ->
        [one] línea principal
       *[other] líneas principales
    } de percentil desde una medida anterior.
growth-flag-crossed-up = Ha subido cruzando { $lines } { $lines ->
        [one] línea principal
       *[other] líneas principales
    } de percentil desde una medida anterior.
growth-needs-sex = Los patrones de la OMS son distintos para niñas y niños: añade el sexo del bebé en su perfil para ver los percentiles.
growth-outside-ages = Los patrones de la OMS que se usan aquí no cubren esta edad, así que esta medida no tiene percentil.
growth-before-due-date = Esta medida se tomó antes de la fecha prevista de parto. Los patrones de la OMS empiezan en un nacimiento a término; pregunta al equipo sanitario qué gráfica usan hasta entonces.
growth-implausible = Este valor está muy lejos de lo que los patrones esperan a esta edad. Comprueba cómo se midió y se anotó; si es correcto, coméntalo en la próxima revisión.
growth-invalid-value = Esta medida no es un número mayor que cero.

## La página de crecimiento.
growth-title = Crecimiento
growth-heading = Crecimiento de { $name }
growth-intro = Peso, longitud y perímetro cefálico del diario, frente a los Patrones de Crecimiento Infantil de la OMS. Los percentiles son una guía: el equipo sanitario los lee con todo el contexto.
growth-edit-baby = Editar el perfil de { $name }
growth-born-early = Nació antes de tiempo: las medidas se sitúan en la edad corregida (la edad menos las semanas que se adelantó) hasta los 24 meses, y se muestran las dos edades.
growth-none = Aún no hay medidas.
growth-log-weight = Anotar un peso
growth-today-link = Crecimiento
growth-col-date = Fecha
growth-col-value = Valor
growth-col-percentile = Percentil
growth-table-caption = { $indicator }: cada medida
growth-age-weeks = { $days ->
        [0] { $weeks } sem
       *[other] { $weeks } sem { $days } d
    }
growth-age-months = { $months } m
growth-age-before-due = { $days } d antes de la fecha prevista
growth-age-both = { $age } (corregida: { $corrected })
growth-axis-weeks = { $n } sem
growth-axis-months = { $n } m
growth-line-name = P{ $p }
growth-chart-desc = { $indicator } de { $name }: { $count ->
        [one] una medida
       *[other] { $count } medidas
    } frente a las líneas de los percentiles 3, 15, 50, 85 y 97 de la OMS para { $sex ->
        [female] niñas
       *[male] niños
    }, por { $corrected ->
        [yes] edad corregida
       *[no] edad
    }. La tabla de abajo recoge cada medida.
growth-chart-corrected = Las edades de la gráfica son edades corregidas.
growth-percentile-under = menos de { $value }
growth-percentile-over = más de { $value }
