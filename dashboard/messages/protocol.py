"""Messages of a meeting's protocol (dashboard/meetings/protocol.py: DOCX and PDF) and
its links on the meeting's page."""

EN: dict[str, str] = {
    "protocol.group": "Working group on the monitoring of exports",
    "protocol.heading": "MINUTES of the meeting",
    "protocol.place": "Format: videoconference",
    "protocol.number": "No.",
    "protocol.date": "Date",
    "protocol.participants": "Present:",
    "protocol.none": "no participants named",
    "protocol.basis": "Figures",
    "protocol.basis_edition": ("Figures: the meeting's edition of {date} {time} UTC (data "
                               "through {month}, loaded {loaded}), as the meeting saw them."),
    "protocol.basis_today": ("Figures: today's data (through {month}, loaded {loaded}). "
                             "The meeting's edition was not frozen, so the figures the "
                             "meeting saw were not kept; these may differ from them."),
    "protocol.figures": "Key figures:",
    "protocol.no_figures": "This item has no key figures.",
    "protocol.outside": ("The figures of this item are not in your access; the "
                         "instructions to your bodies given at it follow."),
    "protocol.orders": "Instructions:",
    "protocol.no_orders": "No instructions were given on this item.",
    "protocol.other": "Other instructions of the meeting",
    "protocol.bodies": "Responsible",
    "protocol.person": "Responsible person",
    "protocol.deadline": "Deadline",
    "protocol.extended_to": "(extended to {day})",
    "protocol.target_label": "Target",
    "protocol.target": "{metric} ({subject}): {bound} {value} by {day}",
    "protocol.at_most": "at most",
    "protocol.at_least": "at least",
    "protocol.baseline": "(when given: {value}, {month})",
    "protocol.status": "Status",
    "protocol.key": "Instruction no.",
    "protocol.fig.losers": "Enterprises losing exports",
    "protocol.docx": "Minutes (DOCX)",
    "protocol.pdf": "Minutes (PDF)",
    "protocol.err.failed": "The minutes could not be made just now ({reason}). Try again shortly.",
}

RU: dict[str, str] = {
    "protocol.group": "Рабочая группа по мониторингу экспорта",
    "protocol.heading": "ПРОТОКОЛ заседания",
    "protocol.place": "Формат проведения: видеоконференция",
    "protocol.number": "№",
    "protocol.date": "Дата",
    "protocol.participants": "Присутствовали:",
    "protocol.none": "участники не указаны",
    "protocol.basis": "Показатели",
    "protocol.basis_edition": ("Показатели: редакция заседания от {date} {time} UTC "
                               "(последний месяц данных: {month}, загружены {loaded}) — как их видело заседание."),
    "protocol.basis_today": ("Показатели: сегодняшние данные (последний месяц: {month}, "
                             "загружены {loaded}). Редакция заседания не была зафиксирована, поэтому "
                             "показатели на момент заседания не сохранились; эти могут "
                             "от них отличаться."),
    "protocol.figures": "Основные показатели:",
    "protocol.no_figures": "По этому вопросу основных показателей нет.",
    "protocol.outside": ("Показатели этого вопроса вне вашего доступа; ниже — поручения "
                         "вашим органам, данные по нему."),
    "protocol.orders": "Поручения:",
    "protocol.no_orders": "Поручений по этому вопросу не дано.",
    "protocol.other": "Прочие поручения заседания",
    "protocol.bodies": "Ответственные",
    "protocol.person": "Ответственное лицо",
    "protocol.deadline": "Срок",
    "protocol.extended_to": "(продлён до {day})",
    "protocol.target_label": "Целевой показатель",
    "protocol.target": "{metric} ({subject}): {bound} {value} к {day}",
    "protocol.at_most": "не более",
    "protocol.at_least": "не менее",
    "protocol.baseline": "(при выдаче: {value}, {month})",
    "protocol.status": "Статус",
    "protocol.key": "Номер поручения",
    "protocol.fig.losers": "Предприятия со снижением экспорта",
    "protocol.docx": "Протокол (DOCX)",
    "protocol.pdf": "Протокол (PDF)",
    "protocol.err.failed": ("Протокол сейчас не может быть сформирован ({reason}). "
                            "Повторите попытку позже."),
}

DE: dict[str, str] = {
    "protocol.group": "Arbeitsgruppe für das Exportmonitoring",
    "protocol.heading": "PROTOKOLL der Sitzung",
    "protocol.place": "Format: Videokonferenz",
    "protocol.number": "Nr.",
    "protocol.date": "Datum",
    "protocol.participants": "Anwesend:",
    "protocol.none": "keine Teilnehmer genannt",
    "protocol.basis": "Kennzahlen",
    "protocol.basis_edition": ("Kennzahlen: die Ausgabe der Sitzung vom {date} {time} UTC "
                               "(Daten bis {month}, geladen {loaded}), wie die Sitzung sie sah."),
    "protocol.basis_today": ("Kennzahlen: die heutigen Daten (bis {month}, geladen {loaded}). "
                             "Die Ausgabe der Sitzung wurde nicht eingefroren, daher sind die "
                             "Zahlen der Sitzung nicht erhalten; diese können abweichen."),
    "protocol.figures": "Kennzahlen:",
    "protocol.no_figures": "Zu diesem Punkt gibt es keine Kennzahlen.",
    "protocol.outside": ("Die Kennzahlen dieses Punkts liegen außerhalb Ihres Zugriffs; es "
                         "folgen die Aufträge an Ihre Stellen zu ihm."),
    "protocol.orders": "Aufträge:",
    "protocol.no_orders": "Zu diesem Punkt wurden keine Aufträge erteilt.",
    "protocol.other": "Weitere Aufträge der Sitzung",
    "protocol.bodies": "Verantwortlich",
    "protocol.person": "Verantwortliche Person",
    "protocol.deadline": "Frist",
    "protocol.extended_to": "(verlängert bis {day})",
    "protocol.target_label": "Ziel",
    "protocol.target": "{metric} ({subject}): {bound} {value} bis {day}",
    "protocol.at_most": "höchstens",
    "protocol.at_least": "mindestens",
    "protocol.baseline": "(bei Erteilung: {value}, {month})",
    "protocol.status": "Status",
    "protocol.key": "Auftragsnummer",
    "protocol.fig.losers": "Betriebe mit sinkenden Exporten",
    "protocol.docx": "Protokoll (DOCX)",
    "protocol.pdf": "Protokoll (PDF)",
    "protocol.err.failed": ("Das Protokoll kann gerade nicht erstellt werden ({reason}). "
                            "Bitte später erneut versuchen."),
}
