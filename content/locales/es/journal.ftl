event-add = Añadir: { $label }
event-edit = Editar: { $label }
event-pick-kind = Qué añadir
event-other-kind = Otra cosa…
event-cancel = Cancelar
field-needed = (obligatorio)
journal-title = Diario
journal-deleted-what = Borrado: { $label } de las { $time }.
journal-restored = De vuelta: { $label } de las { $time }.
journal-undo = Deshacer
journal-days = Días
journal-prev-day = día anterior
journal-next-day = día siguiente
journal-show = Mostrar
journal-everything = todo
journal-filter = Filtrar
journal-nothing = No hay nada anotado este día.
journal-nothing-of-kind = No hay nada de este tipo anotado este día.
journal-edit = Editar
journal-entry-at = { $label } a las { $time }
journal-delete = Borrar
journal-more = Solo se muestran las { $count } entradas más recientes de este día; filtra por tipo para ver el resto.
journal-count = { $count ->
    [one] { $count } entrada
   *[other] { $count } entradas
}
journal-add = Añadir al diario
journal-when-span = { $from }–{ $to }
journal-saved = Guardado: { $label }, { $when }
journal-delete-title = Borrar una entrada
journal-delete-question = ¿Borrar la entrada «{ $label }, { $when }»?
journal-delete-undo-note = Desaparece del diario de todas las personas del hogar. Justo después, todavía puedes deshacerlo.
journal-delete-confirm = Borrar
