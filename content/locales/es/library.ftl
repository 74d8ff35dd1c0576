offline-title = No tienes conexión
offline-text = Esta página no se guardó en este teléfono. Las páginas que abriste antes siguen funcionando, y todo lo que anotes se guarda aquí y se envía cuando vuelva la conexión.
evidence-title = Lo que dice la investigación
evidence-intro = El masaje es una forma de estar cerca de tu bebé, no un tratamiento. Cada afirmación de abajo lleva la certeza de las pruebas que la respaldan.
evidence-in = En: { $population }
evidence-why = Por qué esta calificación
evidence-filter = Qué afirmaciones mostrar
evidence-all = Todas las afirmaciones
evidence-for-baby = Para { $name }
evidence-for-note = { $name } tiene { $weeks ->
    [one] 1 semana
   *[other] { $weeks } semanas
}{ $early ->
    [yes] {" "}y nació antes de tiempo
    [no] {" "}y nació a término
   *[unknown] {""}
}. Estas { $shown } de las { $total } afirmaciones tratan de un bebé como { $name }; las demás tratan de otros bebés.
evidence-maturity-unknown = soothe no sabe si { $name } nació antes de tiempo, así que se dejan fuera las afirmaciones que solo tratan de bebés que nacieron antes de tiempo.
evidence-edit-baby = Añade la fecha prevista de parto al perfil de { $name }
evidence-no-baby = Todavía no hay ningún bebé en tu hogar, así que se muestran todas las afirmaciones.
evidence-add-baby = Añade a tu bebé
evidence-index = Lo que preguntan las familias
evidence-count = { $count ->
    [one] 1 afirmación
   *[other] { $count } afirmaciones
}
evidence-to-index = Volver a las preguntas
routines-title = Rutinas
oils-link = Aceites y pruebas en la piel
skin-to-skin-title = Contacto piel con piel (método canguro)
routine-clinician-only = solo lo hace un médico o una enfermera
routine-born-early = lo que los padres de bebés nacidos antes de tiempo pueden hacer en cualquier momento, con el consejo del equipo.
routine-use = Usar esta rutina
routine-for-babies-range = Para bebés de { $from } a { $to } semanas
routine-for-babies-from = Para bebés desde las { $weeks } semanas
routine-for-babies-any = Para bebés de cualquier edad
routine-fit-fits = Va bien para { $name } ahora
routine-fit-older = Pensada para bebés más pequeños que { $name }
routine-fit-too-young = Todavía no para { $name }
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
routine-how = Cómo:
routine-pressure = Presión:
routine-note = Para tener en cuenta:
cues-title = Las señales de tu bebé
cues-intro = Tu bebé te dice todo el tiempo cómo siente el masaje. Mira su cara, sus manos y su cuerpo, y responde a lo que ves. Qué hacer ante cada señal viene de la enseñanza del masaje, no de estudios.
cues-groups = Las señales, según lo que quieren decir
cues-enjoying-title = Me gusta
cues-enjoying-intro = A tu bebé le gusta el masaje. Sigue con el mismo ritmo tranquilo.
cues-break-title = Necesito una pausa corta
cues-break-intro = Tu bebé necesita un momento. Deja de mover las manos, apóyalas quietas sobre tu bebé y espera a que se calme.
cues-stop-title = Para ya
cues-stop-intro = Tu bebé ya tuvo suficiente, o se quedó dormido. Termina el masaje con suavidad y consuela a tu bebé. Un bebé dormido se acuesta boca arriba, en su propia cuna, sin nada suelto a su alrededor.
cues-help-title = Busca ayuda
cues-help-intro = Estas no son señales de masaje. Deja el masaje enseguida: tu bebé necesita ayuda médica ahora.
cues-no-urgent = Tu hogar todavía no guardó un número de urgencias. Quien administra el hogar puede añadirlo en Ajustes del hogar.
cues-looks-like = Cómo se ve:
cues-respond = Qué hacer:
teach-first-massage-title = Antes de tu primer masaje
teach-first-massage-intro = Algunas cosas que conviene saber antes de empezar: cómo pedirle permiso a tu bebé, cómo leer sus señales y cómo empezar poco a poco.
teach-instructors-title = Encontrar un instructor
teach-instructors-intro = Una clase con un instructor certificado de masaje infantil puede ayudarte a aprender. soothe no contacta a nadie por ti.
teach-read-next = Para leer después
