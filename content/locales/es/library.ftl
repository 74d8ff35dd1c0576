offline-title = No tienes conexión
offline-text = Esta página no se guardó en este teléfono. Las páginas que abriste antes siguen funcionando, y todo lo que anotes se guarda aquí y se envía cuando vuelva la conexión.
evidence-title = Lo que dice la investigación
evidence-intro = El masaje es una forma de estar cerca de tu bebé, no un tratamiento. Cada afirmación de abajo lleva la certeza de las pruebas que la respaldan.
evidence-in = En: { $population }
evidence-why = Por qué esta calificación
routines-title = Rutinas
oils-link = Aceites y pruebas en la piel
skin-to-skin-title = Contacto piel con piel (método canguro)
routine-clinician-only = solo lo hace un médico o una enfermera
routine-born-early = lo que los padres de bebés nacidos antes de tiempo pueden hacer en cualquier momento, con el consejo del equipo.
routine-use = Usar esta rutina
skin-to-skin-safe = Que sea seguro
back-to-learn = Volver a Aprender
oils-title = Aceites
oils-patch-tests = Pruebas en la piel
oils-patch-intro = Pon un poco de aceite en una zona pequeña de piel (la cara interna del antebrazo o de la pierna) y obsérvala durante { $hours } { $hours ->
    [one] hora
   *[other] horas
} antes del primer masaje con él.
oil = Aceite
oils-start-test = Empezar ahora una prueba en la piel
oils-no-test = Todavía no hay ninguna prueba en la piel.
oils-test-dates = empezada el { $started } · valorar desde el { $judge }
oils-watching = en observación
oils-not-judged = sin valorar todavía
oils-no-reaction = Sin reacción
oils-reaction = Reacción
oils-to = con { $oil }
oils-guide = La guía de aceites
oils-suitability = recién nacidos: { $newborn } · nacidos antes de tiempo: { $preterm }
oils-allergy = Alergia:
