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
