# Importar desde Baby Buddy: las líneas que soothe escribe en la nota de un evento importado,
# los nombres de los recursos de Baby Buddy y por qué un registro no se importó.
bb-feed-type = Tipo: { $type }
bb-type-breast-milk = leche materna
bb-type-formula = leche de fórmula
bb-type-fortified = leche materna fortificada
bb-type-solid-food = alimentos sólidos
bb-self-fed = Comió solo
bb-amount = Cantidad en Baby Buddy: { $amount }
bb-nappy-colour = Color: { $colour }
bb-colour-black = negro
bb-colour-brown = marrón
bb-colour-green = verde
bb-colour-yellow = amarillo
bb-tummy-time = Tiempo boca abajo, { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}
bb-milestone = Logro: { $milestone }
bb-pumping = Extracción de leche: { $amount } (cantidad en Baby Buddy), { $minutes ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
}
bb-medication = Medicamento: { $name } { $dosage } { $unit }
bb-dose-tablets = comprimidos
bb-dose-drops = gotas
bb-tags = Etiquetas en Baby Buddy: { $tags }
bb-resource-children = niños
bb-resource-feedings = tomas
bb-resource-sleep = sueños
bb-resource-changes = cambios de pañal
bb-resource-tummy-times = ratos boca abajo
bb-resource-temperature = temperaturas
bb-resource-weight = pesos
bb-resource-height = tallas
bb-resource-head-circumference = perímetros cefálicos
bb-resource-notes = notas
bb-resource-pumping = extracciones de leche
bb-resource-medication = medicamentos
bb-resource-bmi = IMC
bb-resource-timers = temporizadores en marcha
bb-skipped-bmi = soothe no guarda el IMC (guarda el peso y la talla)
bb-skipped-dry-nappy = ni mojado ni sucio
bb-skipped-timer-kind = el nombre del temporizador no dice si mide una toma o un sueño
bb-skipped-timer-no-child = el temporizador no es de ningún niño
bb-skipped-timer-forgotten = el temporizador lleva más de 24 horas en marcha
# La API compatible con Baby Buddy (/bb/api/).
bbapi-required = Este campo es obligatorio.
bbapi-null = Este campo no puede ser nulo.
bbapi-pk = Clave "{ $value }" no válida: el objeto no existe.
bbapi-pk-type = Tipo incorrecto. Se esperaba una clave, se recibió { $type }.
bbapi-datetime = La fecha y hora tiene un formato incorrecto. Usa uno de estos formatos: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].
bbapi-date = La fecha tiene un formato incorrecto. Usa este formato: YYYY-MM-DD.
bbapi-time = La hora tiene un formato incorrecto. Usa este formato: hh:mm[:ss[.uuuuuu]].
bbapi-number = Se necesita un número válido.
bbapi-boolean = Debe ser un valor booleano válido.
bbapi-text = No es un texto válido.
bbapi-text-long = Este campo no puede tener más de { $max } caracteres.
bbapi-list = Se esperaba una lista, pero llegó el tipo "{ $type }".
bbapi-choice = "{ $value }" no es una opción válida.
bbapi-unsupported-field = soothe no guarda fotos ni imágenes.
bbapi-future = La fecha y hora no puede estar en el futuro.
bbapi-date-future = La fecha no puede estar en el futuro.
bbapi-end-before-start = La hora de inicio debe ser anterior a la de fin.
bbapi-too-long = La duración es demasiado larga.
bbapi-overlap = Otra entrada coincide con ese periodo. Entrada en conflicto: { $model } { $id }.
bbapi-not-kept = soothe no guarda esta entrada: { $why }.
bbapi-child-fixed = En soothe una entrada sigue con su bebé: bórrala y vuelve a añadirla para el otro bebé.
bbapi-child-has-journal = Este bebé tiene entradas en soothe: un propietario lo borra en soothe, escribiendo su nombre.
bbapi-unreadable = No se puede leer este valor: { $problem }.
bbapi-filter-choice = Elige una opción válida. { $value } no es una de las opciones disponibles.
bbapi-filter-child = Elige una opción válida. Esa opción no es una de las disponibles.
bbapi-filter-datetime = Escribe una fecha y hora válidas.
bbapi-not-found = Ningún { $model } coincide con la consulta.
bbapi-route-not-found = No encontrado.
bbapi-no-token = No se enviaron credenciales.
bbapi-bad-token = Token no válido.
bbapi-permission = No tienes permiso para hacer esto.
bbapi-method = El método "{ $method }" no está permitido.
bbapi-json = Error al leer el JSON: { $problem }
bbapi-dict = Datos no válidos. Se esperaba un diccionario, pero llegó { $type }.
bbapi-media = El tipo de contenido "{ $type }" no se admite.
bbapi-too-large = La petición es demasiado grande.
bbapi-server-error = Ocurrió un error en el servidor.
bbapi-off = Este hogar no ha dejado entrar a las apps de Baby Buddy: un propietario puede activarlas en soothe, en la página del hogar.
bbapi-unsupported = soothe no guarda { $what }: anótalos como notas.
