## El calendario privado (iCalendar): lo que la aplicación de calendario de la familia muestra de un bebé.

calendar-name = Masaje de { $baby }
calendar-rhythm-summary = Hora del masaje de { $baby }
calendar-rhythm-description = Tu hora diaria para { $routine } (unos { $minutes } { $minutes ->
        [one] minuto
       *[other] minutos
    }). Adelante solo si { $baby } está despierto y tranquilo y no acaba de hacer una toma; la comprobación de soothe dice si ahora es buen momento.
calendar-rhythm-alarm = Hora del masaje de { $baby } dentro de { $minutes } { $minutes ->
        [one] minuto
       *[other] minutos
    }.
calendar-rhythm-alarm-now = Hora del masaje de { $baby }.
calendar-check-summary = Mirar la piel de { $baby }: prueba de { $oil }
calendar-check-description = La prueba de { $oil } ya se ha vigilado el tiempo suficiente. Mira la zona de piel de { $baby } y anota en soothe si hubo reacción.
calendar-check-alarm = Hora de mirar la piel de { $baby } (prueba de { $oil }).
