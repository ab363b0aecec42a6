"""The hub of the working group's other subjects (``pages/topics.py``)."""

EN = {
    "nav.topics": "More",
    "title.topics": "Export Monitor — more subjects",
    "topics.heading": "The working group's other subjects",
    "topics.title.centres": "Sales-and-service centres",
    "topics.title.expectations": "Expected full-year figures",
    "topics.desc.curators": "Officials assigned to Russian regions: their regions' exports "
                            "against last year and the target path, stock, overdue debts; "
                            "a ranking of curators.",
    "topics.desc.retail": "Direct contracts with Russian federal retail chains: the pipeline "
                          "by concern and chain, stalled negotiations, deliveries against "
                          "expectations.",
    "topics.desc.tenders": "Russian public procurement: participation and win rate, value "
                           "won, losses on localisation criteria and their trend.",
    "topics.desc.centres": "Multibrand sales-and-service centres: planned and opened, sales "
                           "against the region's exports, regions without one.",
    "topics.desc.support": "Export-support instruments: support by instrument, concern and "
                           "region; enterprises with falling exports that use none.",
    "topics.desc.expectations": "The bodies' own expected exports for the year beside the "
                                "target and the forecast (Overview).",
}

RU = {
    "nav.topics": "Ещё",
    "title.topics": "Монитор экспорта — другие вопросы",
    "topics.heading": "Другие вопросы рабочей группы",
    "topics.title.centres": "Торгово-сервисные центры",
    "topics.title.expectations": "Ожидаемые итоги года",
    "topics.desc.curators": "Кураторы регионов России: экспорт в их регионы к прошлому году "
                            "и к заданию, запасы, просроченная задолженность; рейтинг "
                            "кураторов.",
    "topics.desc.retail": "Прямые контракты с федеральными торговыми сетями России: воронка "
                          "по концернам и сетям, затянувшиеся переговоры, поставки против "
                          "ожиданий.",
    "topics.desc.tenders": "Государственные закупки России: участие и доля побед, сумма "
                           "выигранных контрактов, проигрыши из-за критериев локализации и "
                           "их динамика.",
    "topics.desc.centres": "Многобрендовые торгово-сервисные центры: план и открытие, продажи "
                           "против экспорта в регион, регионы без центра.",
    "topics.desc.support": "Инструменты поддержки экспорта: поддержка по инструментам, "
                           "концернам и регионам; предприятия со снижением экспорта без "
                           "поддержки.",
    "topics.desc.expectations": "Ожидаемый самими организациями экспорт за год рядом с "
                                "заданием и прогнозом (Обзор).",
}

DE = {
    "nav.topics": "Mehr",
    "title.topics": "Exportmonitor — weitere Themen",
    "topics.heading": "Weitere Themen der Arbeitsgruppe",
    "topics.title.centres": "Vertriebs- und Servicezentren",
    "topics.title.expectations": "Erwartete Jahresergebnisse",
    "topics.desc.curators": "Kuratoren russischer Regionen: Exporte in ihre Regionen "
                            "gegenüber Vorjahr und Zielpfad, Lager, überfällige Forderungen; "
                            "eine Rangliste.",
    "topics.desc.retail": "Direktverträge mit russischen föderalen Handelsketten: Pipeline "
                          "nach Konzern und Kette, stockende Verhandlungen, Lieferungen "
                          "gegenüber Erwartung.",
    "topics.desc.tenders": "Öffentliche Beschaffung in Russland: Teilnahme und Zuschlagsquote, "
                           "gewonnener Wert, Verluste wegen Lokalisierungskriterien und ihr "
                           "Verlauf.",
    "topics.desc.centres": "Markenübergreifende Vertriebs- und Servicezentren: geplant und "
                           "eröffnet, Umsatz gegenüber den Exporten der Region, Regionen "
                           "ohne Zentrum.",
    "topics.desc.support": "Instrumente der Exportförderung: Förderung nach Instrument, "
                           "Konzern und Region; Unternehmen mit sinkenden Exporten ohne "
                           "Förderung.",
    "topics.desc.expectations": "Die eigenen Jahreserwartungen der Organisationen neben Ziel "
                                "und Prognose (Überblick).",
}
