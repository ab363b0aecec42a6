"""The page shown while the database cannot be reached (dashboard/pages/common.py) and
its short causes (queries.engine.DatabaseUnavailable.CAUSES)."""

EN: dict[str, str] = {
    "outage.title": "The database cannot be reached at the moment.",
    "outage.cause.unreachable": "The database server does not answer.",
    "outage.cause.file_missing": "The data file is not in its place (it may be being "
                                 "replaced).",
    "outage.cause.timeout": "The database server does not answer in time.",
    "outage.recover": ("Nothing is lost and nothing needs to be done here: this page checks "
                       "every 15 seconds and shows the figures by itself as soon as the "
                       "database is back."),
}

RU: dict[str, str] = {
    "outage.title": "База данных сейчас недоступна.",
    "outage.cause.unreachable": "Сервер базы данных не отвечает.",
    "outage.cause.file_missing": "Файла данных нет на месте (возможно, он заменяется).",
    "outage.cause.timeout": "Сервер базы данных не отвечает вовремя.",
    "outage.recover": ("Ничего не потеряно, делать ничего не нужно: страница проверяет "
                       "связь каждые 15 секунд и сама покажет данные, как только база "
                       "снова будет доступна."),
}

DE: dict[str, str] = {
    "outage.title": "Die Datenbank ist im Moment nicht erreichbar.",
    "outage.cause.unreachable": "Der Datenbankserver antwortet nicht.",
    "outage.cause.file_missing": "Die Datendatei ist nicht an ihrem Platz (sie wird "
                                 "vielleicht gerade ersetzt).",
    "outage.cause.timeout": "Der Datenbankserver antwortet nicht rechtzeitig.",
    "outage.recover": ("Es geht nichts verloren, hier ist nichts zu tun: Diese Seite prüft "
                       "alle 15 Sekunden und zeigt die Zahlen von selbst, sobald die "
                       "Datenbank wieder da ist."),
}
