"""Messages of the sales-and-service centres view (/stock?view=centres) and of the
centre_sales import."""

EN: dict[str, str] = {
    # the Import page's template buttons
    "imports.kind.centre_sales": "Centres' sales and service",
    "centres.tab_stock": "Stock",
    "centres.tab_centres": "Sales-and-service centres",
    "centres.crumb.all": "All concerns",
    "centres.caption": "centres at the end of the period; sales {period}",
    "centres.status.open": "open",
    "centres.status.overdue": "overdue",
    "centres.status.planned": "planned later",
    "centres.status_title": "{level}: centres open / planned by now (+ later)",
    "centres.status_sub": "{legend}",
    "centres.sales_title": "{level}: centres' sales, {period}",
    "centres.sales_sub": "mn USD · % of machinery exports (HS 84, 87)",
    "centres.of_exports": "{pct}",
    "centres.empty": "No sales-and-service centre for this filter.",
    "centres.kpi_open": "Centres open, end of {month}",
    "centres.kpi_open_sub": "planned by now; {later} more planned later",
    "centres.unit_of": "of {n}",
    "centres.kpi_overdue": "Overdue openings",
    "centres.kpi_overdue_sub": "planned by now, not open",
    "centres.kpi_sales": "Sales through centres, {period}",
    "centres.kpi_sales_sub": "{growth} on last year; {units} units",
    "centres.kpi_share": "Sales ÷ machinery exports",
    "centres.kpi_share_sub": "exports HS 84, 87: {value} mn USD",
    "centres.kpi_service": "Service, {period}",
    "centres.kpi_service_sub": "{orders} service orders",
    "centres.kpi_uncovered": "Regions without a centre",
    "centres.kpi_uncovered_sub": "machinery exports ≥ {value} mn USD a month",
    "centres.table_title": "Centres: status, opening, sales and service {period}, mn USD",
    "centres.col_centre": "Centre",
    "centres.col_region": "Region",
    "centres.col_concern": "Concern",
    "centres.col_brands": "Brands",
    "centres.col_status": "Status",
    "centres.col_date": "Opened / planned",
    "centres.col_sales": "Sales",
    "centres.col_service": "Service",
    "centres.col_exports": "Machinery exports, mn USD",
    "centres.col_planned": "Centre planned",
    "centres.planned_on": "for {date}",
    "centres.none_planned": "none",
    "centres.uncovered_title": "Machinery sells, no centre open: {period}",
    "centres.uncovered_none": "Every region with machinery exports above the threshold "
                              "has an open centre.",
    "centres.footnote": "Status at the end of {month}: open — opened by then; overdue — "
                        "planned by then, not open; planned later — planned after. "
                        "Machinery exports: HS chapters 84 and 87 to the region (the "
                        "concern) in the same months; the ratio compares two flows. "
                        "Regions without a centre: no open centre, machinery exports of "
                        "at least {threshold} mn USD a month of the period.",
}

RU: dict[str, str] = {
    # the Import page's template buttons
    "imports.kind.centre_sales": "Продажи и сервис центров",
    "centres.tab_stock": "Запасы",
    "centres.tab_centres": "Торгово-сервисные центры",
    "centres.crumb.all": "Все концерны",
    "centres.caption": "центры на конец периода; продажи {period}",
    "centres.status.open": "открыт",
    "centres.status.overdue": "просрочен",
    "centres.status.planned": "план позже",
    "centres.status_title": "{level}: открыто / по плану к сроку (+ позже)",
    "centres.status_sub": "{legend}",
    "centres.sales_title": "{level}: продажи центров, {period}",
    "centres.sales_sub": "млн долл. · % экспорта техники (ТН ВЭД 84, 87)",
    "centres.of_exports": "{pct}",
    "centres.empty": "Для этого фильтра нет торгово-сервисных центров.",
    "centres.kpi_open": "Открыто центров на конец {month}",
    "centres.kpi_open_sub": "по плану к этому сроку; ещё {later} позже",
    "centres.unit_of": "из {n}",
    "centres.kpi_overdue": "Открытие просрочено",
    "centres.kpi_overdue_sub": "срок по плану прошёл, не открыты",
    "centres.kpi_sales": "Продажи через центры, {period}",
    "centres.kpi_sales_sub": "{growth} к прошлому году; {units} ед.",
    "centres.kpi_share": "Продажи ÷ экспорт техники",
    "centres.kpi_share_sub": "экспорт ТН ВЭД 84, 87: {value} млн долл.",
    "centres.kpi_service": "Сервис, {period}",
    "centres.kpi_service_sub": "{orders} заказов на сервис",
    "centres.kpi_uncovered": "Регионы без центра",
    "centres.kpi_uncovered_sub": "экспорт техники ≥ {value} млн долл. в месяц",
    "centres.table_title": "Центры: статус, открытие, продажи и сервис {period}, млн долл.",
    "centres.col_centre": "Центр",
    "centres.col_region": "Регион",
    "centres.col_concern": "Концерн",
    "centres.col_brands": "Марки",
    "centres.col_status": "Статус",
    "centres.col_date": "Открыт / план",
    "centres.col_sales": "Продажи",
    "centres.col_service": "Сервис",
    "centres.col_exports": "Экспорт техники, млн долл.",
    "centres.col_planned": "Центр в плане",
    "centres.planned_on": "на {date}",
    "centres.none_planned": "нет",
    "centres.uncovered_title": "Техника продаётся, центра нет: {period}",
    "centres.uncovered_none": "Во всех регионах с экспортом техники выше порога есть "
                              "открытый центр.",
    "centres.footnote": "Статус на конец {month}: открыт — открыт к этому сроку; "
                        "просрочен — по плану к этому сроку, не открыт; план позже — "
                        "срок по плану позже. Экспорт техники: группы ТН ВЭД 84 и 87 в "
                        "регион (концерна) за те же месяцы; отношение сравнивает два "
                        "потока. Регионы без центра: нет открытого центра, экспорт "
                        "техники не менее {threshold} млн долл. в месяц периода.",
    "imports.reason.centre_not_a_centre": "Этот субъект — не торгово-сервисный центр (тип "
                                          "не multibrand_center); сначала загрузите "
                                          "субъект с этим типом.",
    "imports.reason.centre_fields_not_centre": "Марки и даты открытия — только для "
                                               "торгово-сервисных центров (тип "
                                               "multibrand_center); оставьте их пустыми.",
}

DE: dict[str, str] = {
    # the Import page's template buttons
    "imports.kind.centre_sales": "Absatz und Service der Zentren",
    "centres.tab_stock": "Lagerbestand",
    "centres.tab_centres": "Vertriebs- und Servicezentren",
    "centres.crumb.all": "Alle Konzerne",
    "centres.caption": "Zentren am Ende des Zeitraums; Absatz {period}",
    "centres.status.open": "eröffnet",
    "centres.status.overdue": "überfällig",
    "centres.status.planned": "später geplant",
    "centres.status_title": "{level}: eröffnet / bis jetzt geplant (+ später)",
    "centres.status_sub": "{legend}",
    "centres.sales_title": "{level}: Absatz der Zentren, {period}",
    "centres.sales_sub": "Mio. USD · % der Maschinenexporte (HS 84, 87)",
    "centres.of_exports": "{pct}",
    "centres.empty": "Kein Vertriebs- und Servicezentrum für diesen Filter.",
    "centres.kpi_open": "Eröffnete Zentren, Ende {month}",
    "centres.kpi_open_sub": "bis jetzt geplant; {later} später geplant",
    "centres.unit_of": "von {n}",
    "centres.kpi_overdue": "Eröffnung überfällig",
    "centres.kpi_overdue_sub": "geplant, nicht eröffnet",
    "centres.kpi_sales": "Absatz der Zentren, {period}",
    "centres.kpi_sales_sub": "{growth} zum Vorjahr; {units} Stück",
    "centres.kpi_share": "Absatz ÷ Maschinenexporte",
    "centres.kpi_share_sub": "Exporte HS 84, 87: {value} Mio. USD",
    "centres.kpi_service": "Service, {period}",
    "centres.kpi_service_sub": "{orders} Serviceaufträge",
    "centres.kpi_uncovered": "Regionen ohne Zentrum",
    "centres.kpi_uncovered_sub": "Maschinenexporte ≥ {value} Mio. USD im Monat",
    "centres.table_title": "Zentren: Status, Eröffnung, Absatz und Service {period}, "
                           "Mio. USD",
    "centres.col_centre": "Zentrum",
    "centres.col_region": "Region",
    "centres.col_concern": "Konzern",
    "centres.col_brands": "Marken",
    "centres.col_status": "Status",
    "centres.col_date": "Eröffnet / geplant",
    "centres.col_sales": "Absatz",
    "centres.col_service": "Service",
    "centres.col_exports": "Maschinenexporte, Mio. USD",
    "centres.col_planned": "Zentrum geplant",
    "centres.planned_on": "für {date}",
    "centres.none_planned": "keins",
    "centres.uncovered_title": "Maschinen verkauft, kein Zentrum: {period}",
    "centres.uncovered_none": "Jede Region mit Maschinenexporten über der Schwelle hat "
                              "ein eröffnetes Zentrum.",
    "centres.footnote": "Status Ende {month}: eröffnet — bis dahin eröffnet; überfällig "
                        "— bis dahin geplant, nicht eröffnet; später geplant — danach "
                        "geplant. Maschinenexporte: HS-Kapitel 84 und 87 in die Region "
                        "(des Konzerns) in denselben Monaten; das Verhältnis vergleicht "
                        "zwei Ströme. Regionen ohne Zentrum: kein eröffnetes Zentrum, "
                        "Maschinenexporte von mindestens {threshold} Mio. USD je Monat.",
    "imports.reason.centre_not_a_centre": "Dieses Subjekt ist kein Vertriebs- und "
                                          "Servicezentrum (Art nicht multibrand_center); "
                                          "zuerst das Subjekt mit dieser Art laden.",
    "imports.reason.centre_fields_not_centre": "Marken und Eröffnungsdaten nur für "
                                               "Vertriebs- und Servicezentren (Art "
                                               "multibrand_center); hier leer lassen.",
}
