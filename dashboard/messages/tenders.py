"""Messages of the Public procurement page (ids prefixed ``tenders.``) and of the
tenders import kinds' report codes (``imports.reason.<code>``)."""

_SUBJECTS_EN = {"buses": "Buses", "trolleybuses": "Trolleybuses", "trams": "Trams",
                "road_machinery": "Road machinery", "municipal_machinery": "Municipal machinery",
                "agricultural_machinery": "Agricultural machinery", "trucks": "Trucks",
                "lifts": "Lifts", "other": "Other"}
_SUBJECTS_RU = {"buses": "Автобусы", "trolleybuses": "Троллейбусы", "trams": "Трамваи",
                "road_machinery": "Дорожная техника",
                "municipal_machinery": "Коммунальная техника",
                "agricultural_machinery": "Сельхозтехника", "trucks": "Грузовики, самосвалы",
                "lifts": "Лифты", "other": "Прочее"}
_SUBJECTS_DE = {"buses": "Busse", "trolleybuses": "Oberleitungsbusse", "trams": "Straßenbahnen",
                "road_machinery": "Straßenbaumaschinen",
                "municipal_machinery": "Kommunaltechnik",
                "agricultural_machinery": "Landtechnik", "trucks": "Lkw, Muldenkipper",
                "lifts": "Aufzüge", "other": "Sonstiges"}
_OUTCOMES = {
    "en": {"won": "won", "lost": "lost", "pending": "pending", "not_admitted": "not admitted",
           "cancelled": "cancelled"},
    "ru": {"won": "выиграна", "lost": "проиграна", "pending": "ожидается",
           "not_admitted": "не допущена", "cancelled": "отменена"},
    "de": {"won": "gewonnen", "lost": "verloren", "pending": "offen",
           "not_admitted": "nicht zugelassen", "cancelled": "aufgehoben"},
}
_REASONS = {
    "en": {"price": "Price", "localisation": "Localisation / national regime",
           "specification": "Specification", "documents": "Documents", "other": "Other"},
    "ru": {"price": "Цена", "localisation": "Локализация / нацрежим",
           "specification": "Техзадание", "documents": "Документы", "other": "Прочее"},
    "de": {"price": "Preis", "localisation": "Lokalisierung / Inländerregime",
           "specification": "Spezifikation", "documents": "Unterlagen", "other": "Sonstiges"},
}


def _prefixed(lang: str, subjects: dict) -> dict:
    out = {f"tenders.subject.{k}": v for k, v in subjects.items()}
    out.update({f"tenders.outcome.{k}": v for k, v in _OUTCOMES[lang].items()})
    out.update({f"tenders.reason.{k}": v for k, v in _REASONS[lang].items()})
    return out


EN: dict[str, str] = {
    # the Import page's template buttons
    "imports.kind.tenders": "Procurements",
    "imports.kind.tender_bids": "Tender bids",
    "nav.tenders": "Tenders",
    "title.tenders": "Export Monitor — Public procurement",
    "tenders.period": "Notices of {period}",
    "tenders.kpi_bids": "Participations",
    "tenders.kpi_bids_sub": "in {procurements} procurements · {pending} pending",
    "tenders.kpi_win_rate": "Win rate",
    "tenders.kpi_win_rate_sub": "{won} won of {decided} decided",
    "tenders.kpi_value_won": "Value won",
    "tenders.kpi_value_won_sub": "sum of the won bids",
    "tenders.kpi_localisation": "Lost for localisation",
    "tenders.kpi_localisation_sub": "{share} of decided · bids {value} mn USD",
    "tenders.bars_title": "Value won by {level}",
    "tenders.bars_sub": "mn USD · win rate (won/decided)",
    "tenders.bars_sub_click": "mn USD · win rate (won/decided)<br>click to go down",
    "tenders.of_concern": "concern",
    "tenders.of_enterprise": "enterprise",
    "tenders.of_district": "customer's federal district",
    "tenders.of_region": "customer's region",
    "tenders.of_subject": "subject",
    "tenders.trend_title": "Lost for localisation, by quarter of the notice",
    "tenders.trend_sub": "decided bids; orange: the localisation share of them",
    "tenders.quarter": "{year} Q{q}",
    "tenders.series_localisation": "Localisation",
    "tenders.series_other": "Other losses",
    "tenders.series_won": "Won",
    "tenders.reasons_title": "Lost and not admitted, by reason",
    "tenders.table_title": "Bids, latest notices first (mn USD)",
    "tenders.col_date": "Notice",
    "tenders.col_notice": "Register no.",
    "tenders.col_customer": "Customer",
    "tenders.col_region": "Region",
    "tenders.col_subject": "Subject",
    "tenders.col_law": "Law",
    "tenders.col_initial": "Initial value",
    "tenders.col_enterprise": "Enterprise",
    "tenders.col_bid": "Bid",
    "tenders.col_outcome": "Outcome",
    "tenders.col_reason": "Reason",
    "tenders.crumb.all": "All concerns",
    "tenders.crumb.russia": "Russia",
    "tenders.crumb.subjects": "All subjects",
    "tenders.level.concern": "Concerns",
    "tenders.level.enterprise": "Enterprises",
    "tenders.level.district": "Federal districts",
    "tenders.level.region": "Regions",
    "tenders.none": "No bids for this filter.",
    "tenders.definitions": ("A procurement counts in the month of its notice. Win rate = won "
                            "÷ decided (won, lost, not admitted); pending and cancelled bids "
                            "are left out of it. Value won: the won bids. Localisation: the "
                            "national regime and localisation points (Government "
                            "Resolution 719)."),
    "msg.tenders_bad_subject": "Unknown tender subject “{value}”: all subjects are shown.",
    "msg.tenders_product_filter": ("Procurement is not recorded by HS code or distribution "
                                   "subject: those filters ({codes}) do not apply here."),
    **_prefixed("en", _SUBJECTS_EN),
}

RU: dict[str, str] = {
    # the Import page's template buttons
    "imports.kind.tenders": "Госзакупки",
    "imports.kind.tender_bids": "Заявки на закупки",
    "nav.tenders": "Госзакупки",
    "title.tenders": "Монитор экспорта — госзакупки",
    "tenders.period": "Извещения за {period}",
    "tenders.kpi_bids": "Участие в закупках",
    "tenders.kpi_bids_sub": "в {procurements} закупках · ожидается {pending}",
    "tenders.kpi_win_rate": "Доля побед",
    "tenders.kpi_win_rate_sub": "{won} побед из {decided} решённых",
    "tenders.kpi_value_won": "Сумма побед",
    "tenders.kpi_value_won_sub": "сумма выигравших заявок",
    "tenders.kpi_localisation": "Проиграно из-за локализации",
    "tenders.kpi_localisation_sub": "{share} решённых · заявки {value} млн долл.",
    "tenders.bars_title": "Сумма побед: {level}",
    "tenders.bars_sub": "млн долл. · доля побед (побед/решено)",
    "tenders.bars_sub_click": "млн долл. · доля побед (побед/решено)<br>щелчок — уровнем ниже",
    "tenders.of_concern": "концерны",
    "tenders.of_enterprise": "предприятия",
    "tenders.of_district": "ФО заказчика",
    "tenders.of_region": "регионы заказчика",
    "tenders.of_subject": "предмет закупки",
    "tenders.trend_title": "Потери из-за локализации по кварталам",
    "tenders.trend_sub": "решённые заявки; оранжевым — доля локализации",
    "tenders.quarter": "{year} {q} кв.",
    "tenders.series_localisation": "Локализация",
    "tenders.series_other": "Прочие проигрыши",
    "tenders.series_won": "Победы",
    "tenders.reasons_title": "Проигрыши и недопуски по причинам",
    "tenders.table_title": "Заявки, новые извещения сверху (млн долл.)",
    "tenders.col_date": "Извещение",
    "tenders.col_notice": "Реестровый №",
    "tenders.col_customer": "Заказчик",
    "tenders.col_region": "Регион",
    "tenders.col_subject": "Предмет",
    "tenders.col_law": "Закон",
    "tenders.col_initial": "НМЦК",
    "tenders.col_enterprise": "Предприятие",
    "tenders.col_bid": "Заявка",
    "tenders.col_outcome": "Итог",
    "tenders.col_reason": "Причина",
    "tenders.crumb.all": "Все концерны",
    "tenders.crumb.russia": "Россия",
    "tenders.crumb.subjects": "Все предметы",
    "tenders.level.concern": "Концерны",
    "tenders.level.enterprise": "Предприятия",
    "tenders.level.district": "Федеральные округа",
    "tenders.level.region": "Регионы",
    "tenders.none": "Для этого фильтра заявок нет.",
    "tenders.definitions": ("Закупка относится к месяцу извещения. Доля побед = победы ÷ "
                            "решённые (победа, проигрыш, недопуск); ожидаемые и отменённые "
                            "не учитываются. Сумма побед — выигравшие заявки. Локализация — "
                            "национальный режим и баллы локализации (ПП РФ № 719)."),
    "msg.tenders_bad_subject": "Неизвестный предмет закупки «{value}»: показаны все.",
    "msg.tenders_product_filter": ("Закупки не учитываются по ТН ВЭД и субъектам "
                                   "товаропроводящей сети: эти фильтры ({codes}) здесь не "
                                   "действуют."),
    "imports.reason.bad_notice_no": "Номер извещения состоит только из цифр (до 40).",
    "imports.reason.deadline_before_notice": "Срок подачи раньше даты извещения ({notice}).",
    "imports.reason.unknown_notice": ("Закупки с таким номером извещения нет. Новые закупки "
                                      "загружаются файлом закупок (tenders)."),
    "imports.reason.reason_missing": "Для проигрыша или недопуска нужна причина: {allowed}.",
    "imports.reason.reason_not_allowed": ("Причина указывается только при проигрыше или "
                                          "недопуске (здесь итог: {outcome})."),
    "imports.reason.bid_missing": "Для победившей заявки нужна сумма (сумма победы).",
    "imports.reason.bid_above_initial": "Заявка выше НМЦК закупки ({initial} долл.).",
    "imports.reason.won_above_initial": ("Победившие заявки по извещению дают {won} долл. — "
                                         "больше НМЦК ({initial} долл.)."),
    **_prefixed("ru", _SUBJECTS_RU),
}

DE: dict[str, str] = {
    # the Import page's template buttons
    "imports.kind.tenders": "Vergaben",
    "imports.kind.tender_bids": "Angebote in Vergaben",
    "nav.tenders": "Vergaben",
    "title.tenders": "Exportmonitor — öffentliche Beschaffung",
    "tenders.period": "Bekanntmachungen {period}",
    "tenders.kpi_bids": "Teilnahmen",
    "tenders.kpi_bids_sub": "in {procurements} Vergaben · {pending} offen",
    "tenders.kpi_win_rate": "Erfolgsquote",
    "tenders.kpi_win_rate_sub": "{won} gewonnen von {decided} entschieden",
    "tenders.kpi_value_won": "Gewonnener Wert",
    "tenders.kpi_value_won_sub": "Summe gewonnener Gebote",
    "tenders.kpi_localisation": "Verloren wegen Lokalisierung",
    "tenders.kpi_localisation_sub": "{share} der entschiedenen · Gebote {value} Mio. USD",
    "tenders.bars_title": "Gewonnen nach {level}",
    "tenders.bars_sub": "Mio. USD · Erfolgsquote (gew./entschieden)",
    "tenders.bars_sub_click": "Mio. USD · Erfolgsquote (gew./entschieden)<br>Klick: eine Ebene tiefer",
    "tenders.of_concern": "Konzern",
    "tenders.of_enterprise": "Unternehmen",
    "tenders.of_district": "FK des Auftraggebers",
    "tenders.of_region": "Region des Auftraggebers",
    "tenders.of_subject": "Gegenstand",
    "tenders.trend_title": "Verluste durch Lokalisierung je Quartal",
    "tenders.trend_sub": "entschiedene Gebote; orange: Anteil Lokalisierung",
    "tenders.quarter": "{year} Q{q}",
    "tenders.series_localisation": "Lokalisierung",
    "tenders.series_other": "Andere Verluste",
    "tenders.series_won": "Gewonnen",
    "tenders.reasons_title": "Verloren und nicht zugelassen, nach Grund",
    "tenders.table_title": "Gebote, neueste Bekanntmachungen zuerst (Mio. USD)",
    "tenders.col_date": "Bekanntm.",
    "tenders.col_notice": "Registernr.",
    "tenders.col_customer": "Auftraggeber",
    "tenders.col_region": "Region",
    "tenders.col_subject": "Gegenstand",
    "tenders.col_law": "Gesetz",
    "tenders.col_initial": "Höchstwert",
    "tenders.col_enterprise": "Unternehmen",
    "tenders.col_bid": "Gebot",
    "tenders.col_outcome": "Ergebnis",
    "tenders.col_reason": "Grund",
    "tenders.crumb.all": "Alle Konzerne",
    "tenders.crumb.russia": "Russland",
    "tenders.crumb.subjects": "Alle Gegenstände",
    "tenders.level.concern": "Konzerne",
    "tenders.level.enterprise": "Unternehmen",
    "tenders.level.district": "Föderationskreise",
    "tenders.level.region": "Regionen",
    "tenders.none": "Für diesen Filter gibt es keine Gebote.",
    "tenders.definitions": ("Eine Vergabe zählt im Monat ihrer Bekanntmachung. Erfolgsquote "
                            "= gewonnen ÷ entschieden (gewonnen, verloren, nicht "
                            "zugelassen); offene und aufgehobene zählen nicht. Lokalisierung: "
                            "Inländerregime und Lokalisierungspunkte (Regierungsverordnung "
                            "719)."),
    "msg.tenders_bad_subject": "Unbekannter Gegenstand „{value}“: alle werden gezeigt.",
    "msg.tenders_product_filter": ("Vergaben werden nicht nach HS-Code oder Vertriebssubjekt "
                                   "erfasst: diese Filter ({codes}) gelten hier nicht."),
    "imports.reason.bad_notice_no": "Eine Bekanntmachungsnummer hat nur Ziffern (bis zu 40).",
    "imports.reason.deadline_before_notice": ("Die Frist liegt vor dem Datum der "
                                              "Bekanntmachung ({notice})."),
    "imports.reason.unknown_notice": ("Keine Vergabe hat diese Nummer. Neue Vergaben kommen "
                                      "mit einer Datei der Art tenders."),
    "imports.reason.reason_missing": ("Ein verlorenes oder nicht zugelassenes Gebot braucht "
                                      "einen Grund: {allowed}."),
    "imports.reason.reason_not_allowed": ("Nur ein verlorenes oder nicht zugelassenes Gebot "
                                          "hat einen Grund (dieses: {outcome})."),
    "imports.reason.bid_missing": "Ein gewonnenes Gebot braucht seinen Wert.",
    "imports.reason.bid_above_initial": ("Das Gebot liegt über dem Höchstwert der Vergabe "
                                         "({initial} USD)."),
    "imports.reason.won_above_initial": ("Die gewonnenen Gebote dieser Bekanntmachung ergeben "
                                         "{won} USD, mehr als ihr Höchstwert ({initial} USD)."),
    **_prefixed("de", _SUBJECTS_DE),
}
