## El marco de cada página.

brand = soothe
meta-description = soothe: un compañero tranquilo para el masaje infantil y el diario de la familia.
skip-to-content = Ir al contenido
switch-baby = (cambiar de bebé)
offline-note = Sin conexión. Esta página es del { $made }; lo que anotes ahora se guarda en este teléfono y se envía cuando vuelva la conexión.
nav-main = Principal
nav-today = Hoy
nav-journal = Diario
nav-massage = Masaje
nav-learn = Aprender
nav-more = Más
baby-unnamed = Bebé
sources = Fuentes
save = Guardar
form-check = Revisa, por favor:
role-owner = propietario
role-caregiver = cuidador
role-viewer = observador
skin-to-skin-link = el contacto piel con piel (método canguro)
error-status = Error { $status }
back-to-today = Volver a Hoy
email = Correo electrónico
minutes = { $minutes } min
end-sleep = Sí, terminar el sueño
baby-state-question = ¿Cómo está tu bebé ahora mismo?
since = desde las { $since }
