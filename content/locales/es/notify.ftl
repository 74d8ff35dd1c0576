## Reminders and test messages sent on a channel (webhook, ntfy, Web Push, email).
## $baby is the baby's name; $routine the routine's title; $time and $until are times of day
## (19:30) in the household's zone.
notify-your-baby = tu bebé
notify-massage-title = Es la hora del masaje de { $baby }
notify-massage-body = Es la hora del masaje de { $baby } ({ $routine }) a las { $time }.
notify-massage-body-plain = Es la hora del masaje de { $baby } a las { $time }.
notify-massage-wait-title = El masaje de { $baby }: un poco más tarde hoy
notify-massage-wait-body = Todavía no: un masaje para { $baby } ({ $routine }) encaja después de las { $until }, porque la comprobación pide esperar hasta entonces.
notify-massage-wait-body-plain = Todavía no: un masaje para { $baby } encaja después de las { $until }, porque la comprobación pide esperar hasta entonces.
notify-late = Con retraso: soothe no estaba en marcha a las { $time }.
notify-patch-title = Es hora de mirar la piel
notify-patch-body = Es hora de mirar la piel donde probaste un aceite en { $baby } (la observación terminó a las { $time }). Anota en soothe lo que ves.
notify-test-title = soothe: un mensaje de prueba
notify-test-body = Este canal funciona: los recordatorios de soothe llegarán aquí.
notify-open = Abrir soothe: { $url }
