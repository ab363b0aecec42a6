"""Messages of a meeting's step page and the follower's page (dashboard/pages/meeting_step.py)."""

EN: dict[str, str] = {
    "title.meeting_step": "Export Monitor — Meeting",
    "mstep.following": "▶ Following the presenter",
    "mstep.back": "↩ Back to the presenter ({n} / {total})",
    "mstep.presenting": "● Participants follow you",
    "mstep.stamp_edition": "Edition of {day}",
    "mstep.stamp_live": "Today's data, not the edition",
    "mstep.stamp_drill_live": "Today's data: this drill-down is not in the edition",
    "mstep.data": "data to {month} · loaded {loaded}",
    "mstep.stamp_no_edition": "Today's data (no edition frozen yet)",
    "mstep.refused": ("This step is not in your access: it shows data beyond the "
                      "concerns and oblasts of your account."),
    "mstep.waiting": ("The presenter has not started yet. This page shows their step as "
                      "soon as they do."),
    "mstep.to_list": "All meetings",
    "mstep.bad_path": "The step's view {path} is not a page of this version of the app.",
    "mstep.err_store": "The meetings cannot be read just now ({reason}). Try again shortly.",
}

RU: dict[str, str] = {
    "title.meeting_step": "Монитор экспорта — заседание",
    "mstep.following": "▶ Вслед за докладчиком",
    "mstep.back": "↩ К докладчику ({n} / {total})",
    "mstep.presenting": "● Участники следят за вами",
    "mstep.stamp_edition": "Редакция от {day}",
    "mstep.stamp_live": "Данные на сегодня, не редакция",
    "mstep.stamp_drill_live": "Данные на сегодня: этой детализации нет в редакции",
    "mstep.data": "последний месяц: {month} · загружены {loaded}",
    "mstep.stamp_no_edition": "Данные на сегодня (редакция не зафиксирована)",
    "mstep.refused": ("Этот шаг вне вашего доступа: он показывает данные за пределами "
                      "концернов и областей вашей учётной записи."),
    "mstep.waiting": ("Докладчик ещё не начал. Страница покажет его шаг, как только он "
                      "начнёт."),
    "mstep.to_list": "Все заседания",
    "mstep.bad_path": "Представление шага {path} не является страницей этой версии.",
    "mstep.err_store": "Заседания сейчас не читаются ({reason}). Повторите чуть позже.",
}

DE: dict[str, str] = {
    "title.meeting_step": "Exportmonitor — Sitzung",
    "mstep.following": "▶ Dem Vortragenden folgen",
    "mstep.back": "↩ Zurück zum Vortragenden ({n} / {total})",
    "mstep.presenting": "● Die Teilnehmer folgen Ihnen",
    "mstep.stamp_edition": "Fassung vom {day}",
    "mstep.stamp_live": "Heutige Daten, nicht die Fassung",
    "mstep.stamp_drill_live": "Heutige Daten: diese Aufgliederung ist nicht in der Fassung",
    "mstep.data": "Daten bis {month} · geladen {loaded}",
    "mstep.stamp_no_edition": "Heutige Daten (noch keine Fassung eingefroren)",
    "mstep.refused": ("Dieser Schritt liegt außerhalb Ihres Zugriffs: Er zeigt Daten "
                      "jenseits der Konzerne und Gebiete Ihres Kontos."),
    "mstep.waiting": ("Der Vortragende hat noch nicht begonnen. Diese Seite zeigt seinen "
                      "Schritt, sobald er beginnt."),
    "mstep.to_list": "Alle Sitzungen",
    "mstep.bad_path": "Die Ansicht {path} des Schritts ist keine Seite dieser Version.",
    "mstep.err_store": "Die Sitzungen sind gerade nicht lesbar ({reason}). Bitte gleich erneut versuchen.",
}
