"""Messages of the Negative trends page."""

EN: dict[str, str] = {
    "nav.trends": "Negative trends",
    "title.trends": "Export Monitor — Negative trends",
    "trends.scope": "{period} vs {year_ly}: {value_ly} → {value} mn USD, {change} ({change_pct})",
    "trends.bridge_title": "From {year_ly} to {year} through {level}, mn USD",
    "trends.bridge_click": " — click a bar to go down",
    "trends.bridge_start": "<b>{year} total</b>",
    "trends.bridge_end": "<b>{year} total</b>",
    "trends.bridge_others": "{n} others",
    "trends.bridge_first": "← {n} largest",
    "trends.crumb.all_products": "All products",
    "trends.crumb.all_regions": "All regions",
    "msg.trends_bad_more": ("“{value}” is not a number of items to skip; the bridge "
                            "starts from the largest."),
    "trends.bridge_note": ("Bars: change on the same months of last year, mn USD, and in "
                           "brackets the contribution, pp: the change in percentage points "
                           "of {base} last year, {value_ly} mn USD. The axis does not "
                           "start at zero."),
    "trends.base.filter": "the filter's total",
    "trends.base.named": "the total of {name}",
    "trends.through.concern": "concerns",
    "trends.through.enterprise": "enterprises",
    "trends.through.heading": "products",
    "trends.enterprises_title": "Enterprises losing exports: {n} of {total}",
    "trends.rows_shown": "; top {n} listed",
    "trends.products_title": "Products losing most, mn USD (pp)",
    "trends.regions_title": "Russian regions losing most, mn USD (pp)",
    "trends.no_losses": "Nothing here loses exports against last year.",
    "trends.empty": "No exports match this filter.",
    "trends.runs_title": "Runs of decline to {month} — enterprises: {n}",
    "trends.runs_pick": "Months in a row at least:",
    "trends.runs_none": "No enterprise has been below last year for {run} months in a row.",
    "trends.runs_note": ("Months: in a row below the same month of the year before, up to "
                         "the period's last month (24 = 24 or more). Loss: over those "
                         "months against the same months a year earlier."),
    "trends.col.enterprise": "Enterprise",
    "trends.col.concern": "Concern",
    "trends.col.change": "Change, mn USD",
    "trends.col.contribution": "Contribution, pp",
    "trends.col.change_pct": "Change, %",
    "trends.col.value": "This year, mn USD",
    "trends.col.run": "Months",
    "trends.col.loss": "Loss, mn USD",
    "trends.col.loss_pct": "Loss, %",
    "trends.crumb.all": "All concerns",
    "trends.card_link": "Enterprise card →",
    "msg.trends_bad_run": ("“{value}” is not a number of months from 1 to 12; runs of "
                           "{used} months or more are shown."),
}

# Russian: the working group's terms (концерн, предприятие, млн долл., п.п.).
RU: dict[str, str] = {
    "nav.trends": "Негативные тенденции",
    "title.trends": "Монитор экспорта — негативные тенденции",
    "trends.scope": ("{period} к {year_ly} г.: {value_ly} → {value} млн долл., {change} "
                     "({change_pct})"),
    "trends.bridge_title": "От {year_ly} к {year} г.: {level}, млн долл.",
    "trends.bridge_click": " — щелчок по столбцу раскрывает",
    "trends.bridge_start": "<b>Итого {year}</b>",
    "trends.bridge_end": "<b>Итого {year}</b>",
    "trends.bridge_others": "прочие ({n})",
    "trends.bridge_first": "← крупнейшие ({n})",
    "trends.crumb.all_products": "Все товары",
    "trends.crumb.all_regions": "Все регионы",
    "msg.trends_bad_more": ("«{value}» — не число позиций; мост показан начиная с "
                            "крупнейших."),
    "trends.bridge_note": ("Столбцы: изменение к тем же месяцам прошлого года, млн долл., "
                           "в скобках — вклад, п.п.: изменение в процентах от {base} "
                           "прошлого года, {value_ly} млн долл. Ось начинается не с нуля."),
    "trends.base.filter": "итога фильтра",
    "trends.base.named": "итога: {name}",
    "trends.through.concern": "концерны",
    "trends.through.enterprise": "предприятия",
    "trends.through.heading": "товары",
    "trends.enterprises_title": "Предприятия со снижением экспорта: {n} из {total}",
    "trends.rows_shown": "; показаны первые {n}",
    "trends.products_title": "Снижение по товарам, млн долл. (п.п.)",
    "trends.regions_title": "Снижение по регионам РФ, млн долл. (п.п.)",
    "trends.no_losses": "Снижения экспорта к прошлому году здесь нет.",
    "trends.empty": "Под этот фильтр экспорт не найден.",
    "trends.runs_title": "Снижение подряд по {month} — предприятий: {n}",
    "trends.runs_pick": "Месяцев подряд не меньше:",
    "trends.runs_none": "Ни одно предприятие не ниже прошлого года {run} мес. подряд.",
    "trends.runs_note": ("Месяцы: подряд ниже того же месяца предыдущего года, по последний "
                         "месяц периода (24 = 24 и более). Потери: за эти месяцы к тем же "
                         "месяцам годом ранее."),
    "trends.col.enterprise": "Предприятие",
    "trends.col.concern": "Концерн",
    "trends.col.change": "Изм., млн долл.",
    "trends.col.contribution": "Вклад, п.п.",
    "trends.col.change_pct": "Изм., %",
    "trends.col.value": "Текущий год, млн долл.",
    "trends.col.run": "Мес.",
    "trends.col.loss": "Потери, млн долл.",
    "trends.col.loss_pct": "Потери, %",
    "trends.crumb.all": "Все концерны",
    "trends.card_link": "Карточка предприятия →",
    "msg.trends_bad_run": ("«{value}» — не число месяцев от 1 до 12; показано снижение "
                           "{used} мес. подряд и более."),
}

DE: dict[str, str] = {
    "nav.trends": "Negative Trends",
    "title.trends": "Exportmonitor — negative Trends",
    "trends.scope": "{period} zu {year_ly}: {value_ly} → {value} Mio. USD, {change} ({change_pct})",
    "trends.bridge_title": "Von {year_ly} zu {year} nach {level}, Mio. USD",
    "trends.bridge_click": " — Balken anklicken zum Aufklappen",
    "trends.bridge_start": "<b>Summe {year}</b>",
    "trends.bridge_end": "<b>Summe {year}</b>",
    "trends.bridge_others": "{n} weitere",
    "trends.bridge_first": "← {n} größte",
    "trends.crumb.all_products": "Alle Waren",
    "trends.crumb.all_regions": "Alle Regionen",
    "msg.trends_bad_more": ("„{value}“ ist keine Anzahl von Positionen; die Brücke "
                            "beginnt bei den größten."),
    # two lines in the presentation theme, as in English (three ran out of the panel)
    "trends.bridge_note": ("Balken: Veränderung zum Vorjahreszeitraum, Mio. USD; in "
                           "Klammern der Beitrag in Pp. {base} im Vorjahr, {value_ly} Mio. "
                           "USD. Die Achse beginnt nicht bei null."),
    "trends.base.filter": "der Summe des Filters",
    "trends.base.named": "der Summe von {name}",
    "trends.through.concern": "Konzernen",
    "trends.through.enterprise": "Unternehmen",
    "trends.through.heading": "Waren",
    "trends.enterprises_title": "Unternehmen mit Exportrückgang: {n} von {total}",
    "trends.rows_shown": "; die ersten {n}",
    "trends.products_title": "Rückgang nach Waren, Mio. USD (Pp.)",
    "trends.regions_title": "Rückgang nach Regionen, Mio. USD (Pp.)",
    "trends.no_losses": "Hier geht kein Export gegenüber dem Vorjahr zurück.",
    "trends.empty": "Keine Exporte für diesen Filter.",
    "trends.runs_title": "Rückgang in Folge bis {month} — Unternehmen: {n}",
    "trends.runs_pick": "Monate in Folge mindestens:",
    "trends.runs_none": "Kein Unternehmen liegt {run} Monate in Folge unter dem Vorjahr.",
    "trends.runs_note": ("Monate: in Folge unter demselben Monat des Vorjahres, bis zum "
                         "letzten Monat des Zeitraums (24 = 24 oder mehr). Verlust: über "
                         "diese Monate gegenüber denselben Monaten ein Jahr zuvor."),
    "trends.col.enterprise": "Unternehmen",
    "trends.col.concern": "Konzern",
    "trends.col.change": "Veränd., Mio. USD",
    "trends.col.contribution": "Beitrag, Pp.",
    "trends.col.change_pct": "Veränd., %",
    "trends.col.value": "Lfd. Jahr, Mio. USD",
    "trends.col.run": "Monate",
    "trends.col.loss": "Verlust, Mio. USD",
    "trends.col.loss_pct": "Verlust, %",
    "trends.crumb.all": "Alle Konzerne",
    "trends.card_link": "Unternehmenskarte →",
    "msg.trends_bad_run": ("„{value}“ ist keine Monatszahl von 1 bis 12; gezeigt werden "
                           "Rückgänge ab {used} Monaten in Folge."),
}
