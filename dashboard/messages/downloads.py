"""Messages of the downloads: the menu, the files' header block and columns, the PDF
handout, and the answers to requests that cannot be served."""

EN: dict[str, str] = {
    "downloads.menu": "Download ▾",
    "downloads.menu_hint": "Each chart and table of this view as a file",
    "downloads.png_hint": "Picture at 1920×1080 for slides",
    "downloads.head.filter": "Filter",
    "downloads.head.fresh": "Data",
    "downloads.head.link": "Link",
    "downloads.head.notes": "Notes",
    "downloads.head.chart_note": "Chart",
    "downloads.col.value_in": "Value, {unit}",
    "downloads.col.label": "Label on the chart",
    "downloads.col.item": "Item",
    "downloads.col.code": "Code",
    "downloads.err.format": "“{fmt}” is not a download format: use csv or xlsx.",
    "downloads.err.path": "There is no page at “{path}” to download from.",
    "downloads.err.component": ("This page has no chart or table “{id}” in this view; open "
                                "the page and use its Download menu."),
    "downloads.err.params": "The link's parameters are too long or malformed.",
    "downloads.err.page": "The page could not be built: {reason}",
    "handout.title": "{title} — handout",
    "handout.err.agenda": "There is no agenda “{id}”.",
    "handout.err.agendas_missing": "Agendas are not available on this server yet.",
    "handout.err.chromium": ("The PDF handout needs Chromium, which is not installed here "
                             "({path}); set EXPORT_MONITOR_CHROMIUM to its location."),
    "handout.err.empty": "The agenda “{title}” has no steps, so there is nothing to print.",
    "handout.err.failed": "The handout could not be printed: {reason}",
}

RU: dict[str, str] = {
    "downloads.menu": "Скачать ▾",
    "downloads.menu_hint": "Каждый график и таблица этого вида — файлом",
    "downloads.png_hint": "Картинка 1920×1080 для слайдов",
    "downloads.head.filter": "Фильтр",
    "downloads.head.fresh": "Данные",
    "downloads.head.link": "Ссылка",
    "downloads.head.notes": "Примечания",
    "downloads.head.chart_note": "График",
    "downloads.col.value_in": "Значение, {unit}",
    "downloads.col.label": "Подпись на графике",
    "downloads.col.item": "Наименование",
    "downloads.col.code": "Код",
    "downloads.err.format": "«{fmt}» — не формат выгрузки: используйте csv или xlsx.",
    "downloads.err.path": "По адресу «{path}» нет страницы, с которой можно скачать данные.",
    "downloads.err.component": ("На этой странице в этом виде нет графика или таблицы "
                                "«{id}»; откройте страницу и воспользуйтесь меню «Скачать»."),
    "downloads.err.params": "Параметры ссылки слишком длинные или искажены.",
    "downloads.err.page": "Страницу не удалось построить: {reason}",
    "handout.title": "{title} — раздаточный материал",
    "handout.err.agenda": "Повестки «{id}» нет.",
    "handout.err.agendas_missing": "Повестки на этом сервере пока недоступны.",
    "handout.err.chromium": ("Для PDF нужен Chromium, а он здесь не установлен ({path}); "
                             "укажите его расположение в EXPORT_MONITOR_CHROMIUM."),
    "handout.err.empty": "В повестке «{title}» нет пунктов — печатать нечего.",
    "handout.err.failed": "Раздаточный материал не удалось напечатать: {reason}",
}

DE: dict[str, str] = {
    "downloads.menu": "Herunterladen ▾",
    "downloads.menu_hint": "Jedes Diagramm und jede Tabelle dieser Ansicht als Datei",
    "downloads.png_hint": "Bild in 1920×1080 für Folien",
    "downloads.head.filter": "Filter",
    "downloads.head.fresh": "Daten",
    "downloads.head.link": "Link",
    "downloads.head.notes": "Hinweise",
    "downloads.head.chart_note": "Diagramm",
    "downloads.col.value_in": "Wert, {unit}",
    "downloads.col.label": "Beschriftung im Diagramm",
    "downloads.col.item": "Bezeichnung",
    "downloads.col.code": "Code",
    "downloads.err.format": "„{fmt}“ ist kein Download-Format: bitte csv oder xlsx.",
    "downloads.err.path": "Unter „{path}“ gibt es keine Seite zum Herunterladen.",
    "downloads.err.component": ("Diese Seite hat in dieser Ansicht kein Diagramm und keine "
                                "Tabelle „{id}“; öffnen Sie die Seite und nutzen Sie ihr "
                                "Menü „Herunterladen“."),
    "downloads.err.params": "Die Parameter des Links sind zu lang oder fehlerhaft.",
    "downloads.err.page": "Die Seite konnte nicht erstellt werden: {reason}",
    "handout.title": "{title} — Handout",
    "handout.err.agenda": "Eine Agenda „{id}“ gibt es nicht.",
    "handout.err.agendas_missing": "Agenden sind auf diesem Server noch nicht verfügbar.",
    "handout.err.chromium": ("Das PDF-Handout braucht Chromium, das hier nicht installiert "
                             "ist ({path}); geben Sie den Ort in EXPORT_MONITOR_CHROMIUM an."),
    "handout.err.empty": "Die Agenda „{title}“ hat keine Punkte; es gibt nichts zu drucken.",
    "handout.err.failed": "Das Handout konnte nicht gedruckt werden: {reason}",
}
