"""Messages of "since the last meeting" (dashboard/meetings/since.py): the KPI tiles'
line, the lists' marks and the meeting's first step."""

EN: dict[str, str] = {
    "since.at": "Meeting of {label}: {value} · {change}",
    "since.at_only": "Meeting of {label}: {value}",
    "since.not_at": "Not at the meeting of {label}",
    "since.pp": "{value} p.p.",
    "since.days": "{value} days",
    "since.legend.behind": "● newly behind target since the meeting of {label}",
    "since.legend.run": "● new runs of decline since the meeting of {label}",
    "since.legend.losing": "● newly losing against last year since the meeting of {label}",
    "since.legend.grew": "● overdue grew (or new in the list) since the meeting of {label}",
    "since.legend.flagged": "● newly flagged since the meeting of {label}",
    "since.new.behind": "{n} newly behind target",
    "since.new.run": "{n} new runs of decline",
    "since.new.losing": "{n} newly losing",
    "since.new.grew": "{n} with overdue grown",
    "since.new.flagged": "{n} newly flagged",
    "since.new.flagged_subjects": "{n} subjects newly flagged",
    "since.new.none": "nothing new",
    "since.title": "Since the meeting of {label}",
    "since.none": "No earlier held meeting has an edition: nothing to compare with.",
    "since.col.step": "Step",
    "since.col.figure": "Figure",
    "since.col.now": "Now",
    "since.col.then": "At the meeting of {label}",
    "since.col.change": "Change",
    "since.col.new": "New in the lists",
    "since.step_not_at": "This view was not at the meeting of {label}",
    "since.nothing": "No figures on this view",
    "since.fig.exports_total": "Exports, total of the table, mn USD",
    "since.fig.losing": "Enterprises losing against last year",
    "since.fig.runs": "Runs of decline",
    "since.note": ("Per step its headline figures: exports and fulfilment of the target "
                   "(overview, enterprise card), stock and flagged enterprises (stock), "
                   "overdue and over 90 days (receivables); on a view without tiles the "
                   "table's total (exports) or the lengths of its lists (trends). Changes "
                   "are computed from unrounded figures and rounded once; table totals "
                   "as the tables show them."),
}

RU: dict[str, str] = {
    "since.at": "Заседание {label}: {value} · {change}",
    "since.at_only": "Заседание {label}: {value}",
    "since.not_at": "На заседании {label} не было",
    "since.pp": "{value} п. п.",
    "since.days": "{value} дн.",
    "since.legend.behind": "● впервые отстают от задания с заседания {label}",
    "since.legend.run": "● новые серии снижения с заседания {label}",
    "since.legend.losing": "● впервые теряют к прошлому году с заседания {label}",
    "since.legend.grew": "● просрочка выросла (или новые в списке) с заседания {label}",
    "since.legend.flagged": "● впервые отмечены с заседания {label}",
    "since.new.behind": "впервые отстают: {n}",
    "since.new.run": "новых серий снижения: {n}",
    "since.new.losing": "впервые теряют: {n}",
    "since.new.grew": "просрочка выросла: {n}",
    "since.new.flagged": "впервые отмечены: {n}",
    "since.new.flagged_subjects": "субъектов впервые отмечено: {n}",
    "since.new.none": "нового нет",
    "since.title": "С заседания {label}",
    "since.none": "Ни у одного прошедшего заседания нет издания: сравнивать не с чем.",
    "since.col.step": "Шаг",
    "since.col.figure": "Показатель",
    "since.col.now": "Сейчас",
    "since.col.then": "На заседании {label}",
    "since.col.change": "Изменение",
    "since.col.new": "Новое в списках",
    "since.step_not_at": "Этого вида на заседании {label} не было",
    "since.nothing": "На этом виде нет показателей",
    "since.fig.exports_total": "Экспорт, итог таблицы, млн долл.",
    "since.fig.losing": "Предприятия с потерями к прошлому году",
    "since.fig.runs": "Серии снижения",
    "since.note": ("По каждому шагу — главные показатели: экспорт и выполнение задания "
                   "(обзор, карточка предприятия), запасы и отмеченные предприятия "
                   "(запасы), просрочка и свыше 90 дней (дебиторская задолженность); на "
                   "виде без плиток — итог таблицы (экспорт) или длина списков "
                   "(тенденции). Изменения считаются по неокруглённым значениям и "
                   "округляются один раз; итоги таблиц — как в таблицах."),
}

DE: dict[str, str] = {
    "since.at": "Sitzung vom {label}: {value} · {change}",
    "since.at_only": "Sitzung vom {label}: {value}",
    "since.not_at": "Nicht in der Sitzung vom {label}",
    "since.pp": "{value} Pp.",
    "since.days": "{value} Tage",
    "since.legend.behind": "● neu hinter dem Ziel seit der Sitzung vom {label}",
    "since.legend.run": "● neue Rückgangsserien seit der Sitzung vom {label}",
    "since.legend.losing": "● neu mit Verlust zum Vorjahr seit der Sitzung vom {label}",
    "since.legend.grew": "● Überfälliges gestiegen (oder neu in der Liste) seit der Sitzung vom {label}",
    "since.legend.flagged": "● neu markiert seit der Sitzung vom {label}",
    "since.new.behind": "{n} neu hinter dem Ziel",
    "since.new.run": "{n} neue Rückgangsserien",
    "since.new.losing": "{n} neu mit Verlust",
    "since.new.grew": "{n} mit gestiegenem Überfälligem",
    "since.new.flagged": "{n} neu markiert",
    "since.new.flagged_subjects": "{n} Subjekte neu markiert",
    "since.new.none": "nichts Neues",
    "since.title": "Seit der Sitzung vom {label}",
    "since.none": ("Keine frühere abgehaltene Sitzung hat eine Ausgabe: nichts zum "
                   "Vergleichen."),
    "since.col.step": "Schritt",
    "since.col.figure": "Kennzahl",
    "since.col.now": "Jetzt",
    "since.col.then": "In der Sitzung vom {label}",
    "since.col.change": "Änderung",
    "since.col.new": "Neu in den Listen",
    "since.step_not_at": "Diese Ansicht war nicht in der Sitzung vom {label}",
    "since.nothing": "Keine Kennzahlen in dieser Ansicht",
    "since.fig.exports_total": "Exporte, Summe der Tabelle, Mio. USD",
    "since.fig.losing": "Unternehmen mit Verlust zum Vorjahr",
    "since.fig.runs": "Rückgangsserien",
    "since.note": ("Je Schritt die Hauptkennzahlen: Exporte und Zielerfüllung (Überblick, "
                   "Unternehmenskarte), Lager und markierte Unternehmen (Lager), "
                   "Überfälliges und über 90 Tage (Forderungen); in einer Ansicht ohne "
                   "Kacheln die Summe der Tabelle (Exporte) oder die Länge ihrer Listen "
                   "(Trends). Änderungen aus ungerundeten Werten, einmal gerundet; "
                   "Tabellensummen wie in den Tabellen."),
}
