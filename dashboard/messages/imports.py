"""Messages of the Import page (/import). The reasons a file is refused come from
``queries.imports.report.REASONS`` (the command line prints the same words) and are
catalogued here as ``imports.reason.<id>`` so that they can be translated."""

from queries.imports.report import REASONS

EN: dict[str, str] = {
    "nav.import": "Import",
    "title.import": "Export Monitor — Import data",
    "imports.step_file": "1. Choose a file",
    "imports.drop": "Drop a CSV or Excel file here, or click to choose one",
    "imports.drop_hint": ("Use a template (below). Up to {max_mb} MiB. Nothing is loaded "
                          "until you confirm."),
    "imports.templates": "Templates (Excel, with a sheet that explains every column)",
    "imports.kind.exports": "Exports",
    "imports.kind.targets": "Targets",
    "imports.kind.stock": "Warehouse stock",
    "imports.kind.receivables": "Receivables",
    "imports.kind.enterprises": "Enterprises",
    "imports.kind.subjects": "Distribution subjects",
    "imports.step_check": "2. Check",
    "imports.waiting": "Choose a file: every row is checked before anything is loaded.",
    "imports.ok": "No problems in {file}: {what}. Ready to load.",
    "imports.bad": ("{file}: {total} problem(s) in {groups} group(s) — nothing can be "
                    "loaded. Correct the file and choose it again."),
    "imports.shown": "The first {shown} groups are listed.",
    "imports.col.where": "Rows",
    "imports.col.column": "Column",
    "imports.col.value": "Value",
    "imports.col.reason": "What is wrong",
    "imports.col.count": "Count",
    "imports.step_load": "3. Load",
    "imports.confirm": "Load this file",
    "imports.accept": "Load anyway",
    "imports.warned": ("{file}: the unit check stops it ({total} warning(s), below). If "
                       "the figures are right, “Load anyway” loads it; the load log "
                       "records that you accepted them."),
    "imports.note.columns_ignored": "{file}: columns not in the template, ignored: {columns}.",
    "imports.replaces": ("Loading replaces, for the months in the file, what its "
                         "enterprises had; nothing else changes."),
    "imports.loaded": ("Loaded {file}: {added} rows written, {replaced} replaced. The "
                       "dashboard now shows: {fresh}."),
    "imports.rejected": "{file} was not loaded: {total} problem(s).",
    "imports.busy": "Another import is running. Try again in a minute.",
    "imports.expired": "The uploaded file is no longer here; choose it again.",
    "imports.unreadable_upload": "The upload could not be read; choose the file again.",
    "imports.failed": "The load failed and nothing was changed ({reason}).",
    "imports.recent": "Recent loads",
    "imports.col.when": "Loaded (UTC)",
    "imports.col.outcome": "Outcome",
    "imports.col.kind": "Kind",
    "imports.col.file": "File",
    "imports.col.period": "Period",
    "imports.col.added": "Rows written",
    "imports.col.replaced": "Replaced",
    "imports.col.by": "By",
    "imports.what": "{kind}, {period}",
    "imports.kind.unknown": "unknown",
    "imports.outcome.loaded": "loaded",
    "imports.outcome.rejected": "rejected",
    "imports.outcome.checked": "checked",
    "imports.by.import page": "import page",
    "imports.by.init": "first load",
    **{f"imports.reason.{key}": text for key, text in REASONS.items()},
}

_REASONS_RU: dict[str, str] = {
    "file_missing": "Файл не существует или не читается.",
    "file_too_large": ("Файл занимает {size_mb} МиБ; импорт принимает файлы до {max_mb} МиБ. "
                       "Разделите его по месяцам."),
    "file_type": ("Загружаются только файлы .csv, .xlsx и .xlsm (у этого окончание "
                  "«{ext}»). Сохраните лист как CSV или книгу Excel."),
    "file_empty": "В файле нет строк с данными.",
    "not_readable": ("Это не файл CSV/XLSX, который мы можем прочитать. Откройте его в "
                     "Excel, сохраните как «CSV UTF-8» или «Книга Excel (.xlsx)» и "
                     "повторите."),
    "mixed_encoding": ("В файле смешаны кодировки: он в UTF-8, а эта строка нет (вероятно, "
                       "вставлена из файла в Windows-1251). Сохраните весь файл заново как "
                       "«CSV UTF-8»."),
    "quote_unbalanced": ("Кавычка в этой строке не закрыта (или после неё идёт текст), и "
                         "весь остаток файла прочитался бы как одна ячейка. Уберите лишнюю "
                         "кавычку."),
    "line_break_in_cell": ("Ячейка этой строки занимает несколько строк (кавычка открывает "
                           "её и закрывается строками ниже), и строки под ней потерялись "
                           "бы. Уберите лишнюю кавычку."),
    "too_many_fields": ("В этой строке {found} ячеек, а в заголовке только {width}: лишний "
                        "разделитель или значение с разделителем не в кавычках."),
    "xlsx_too_large": ("Книга распаковывается в {size_mb} МиБ; импорт открывает не больше "
                       "{max_mb} МиБ. Разделите её или сохраните как CSV."),
    "xlsx_too_many_cells": ("На листе книги {cells} ячеек; импорт читает не больше "
                            "{max_cells}. Удалите пустые строки и столбцы, разделите лист "
                            "или сохраните как CSV."),
    "column_misspelt": ("Столбца «{value}» нет в шаблоне: может быть, {suggestion}? "
                        "Переименуйте его (пока столбец может потеряться, ничего не "
                        "загружается)."),
    "no_header": ("В первых {n} строках нет строки заголовков. В ней должны быть названия "
                  "столбцов шаблона (export-monitor template KIND)."),
    "kind_unknown": ("Столбцы не подходят ни к одному шаблону. Найдены: {found}. "
                     "Возьмите шаблон (export-monitor template KIND) или укажите --kind."),
    "kind_ambiguous": "Столбцы подходят к нескольким шаблонам ({kinds}); укажите --kind.",
    "sheet_missing": "В книге нет листа «{sheet}»; есть: {sheets}.",
    "column_missing": "Нет обязательного столбца «{column}».",
    "column_twice": "Столбец «{column}» встречается больше одного раза.",
    "value_missing": "Здесь нужно значение.",
    "not_a_number": "Это не число.",
    "out_of_range": ("Значение вне правдоподобного диапазона {column} ({low} – {high}"
                     "{unit}); проверьте единицы и цифры."),
    "negative": "Значение не может быть отрицательным.",
    "not_a_month": "Это не месяц (пишите 2025-10, 10.2025 или дату).",
    "not_a_day": "Это не дата (пишите 2025-10-31 или 31.10.2025).",
    "future_day": "Эта дата в будущем (сегодня {today}).",
    "not_allowed": "Это не одно из допустимых значений: {allowed}.",
    "future_month": "Этот месяц ещё не наступил (самый поздний — {latest}).",
    "not_a_year": "Это не год от {first} до {last}.",
    "growth_too_low": "Темп прироста должен быть больше −100 %.",
    "not_an_id": "Здесь нужно целое положительное число.",
    "bad_unp": "УНП состоит ровно из 9 цифр.",
    "bad_flag": "Пишите «да» или «нет».",
    "formula": ("В ячейках не может быть формул или текста, начинающегося с = + - @ "
                "(внедрение формул). Вставляйте только значения."),
    "text_too_long": "Текст длиннее {max} символов.",
    "unknown_enterprise": ("Предприятия с таким УНП или наименованием нет. Новые "
                           "предприятия добавляются файлом предприятий."),
    "ambiguous_enterprise": "Такое наименование у нескольких предприятий; укажите УНП.",
    "unknown_heading": "Это не позиция ТН ВЭД (4 цифры, например 8701).",
    "ambiguous_heading": ("Позиция неоднозначна (84.1 может быть 8401 или 8410); "
                          "пишите 4 цифры."),
    "unknown_region": "Это не регион России (код ISO, например RU-MOW, или название).",
    "unknown_concern": "Это не известный концерн (код или точное наименование).",
    "unknown_oblast": "Это не область Беларуси (BY-BR … BY-HM или название).",
    "unknown_subject": ("Субъекта ТПС с таким номером или наименованием нет. Новые "
                        "субъекты добавляются файлом субъектов."),
    "ambiguous_subject": "Такое наименование у нескольких субъектов; укажите номер.",
    "unknown_kind": "Допустимые значения: {allowed}.",
    "unknown_cause": "Допустимые значения: {allowed}.",
    "overdue_above_total": "Просрочка ({overdue}) больше всей задолженности ({total}).",
    "buckets_mismatch": ("Четыре столбца сроков дают в сумме {buckets}, а не сумму "
                         "просрочки {overdue}."),
    "causes_mismatch": ("Столбцы причин дают в сумме {causes}, а не сумму просрочки "
                        "{overdue}."),
    "duplicate_key": ("Одно и то же ({what}) встречается в нескольких строках (впервые в "
                      "строке {first})."),
    "concern_or_oblast": "Заполните ровно одно из двух: концерн или область.",
    "id_taken": "Номер {id} уже принадлежит «{other}».",
    "id_mismatch": ("У этой записи уже есть номер {id} («{other}»); оставьте номер пустым "
                    "или напишите {id}."),
    "batch_rejected": "Не загружен: в другом файле того же импорта есть ошибки.",
    "outlier": ("{enterprise}, {month}: итог {total} долл. против {basis} долл. в "
                "{basis_month} (коэффициент {factor}). Ошибка в единицах (тысячи вместо "
                "долларов)? Если цифры верны, загрузите с --accept-outliers (на странице "
                "импорта: «Всё равно загрузить»)."),
}

_REASONS_DE: dict[str, str] = {
    "file_missing": "Die Datei existiert nicht oder ist nicht lesbar.",
    "file_too_large": ("Die Datei hat {size_mb} MiB; ein Import nimmt höchstens {max_mb} "
                       "MiB an. Teilen Sie sie nach Monaten."),
    "file_type": ("Nur .csv-, .xlsx- und .xlsm-Dateien können geladen werden (diese endet "
                  "auf „{ext}“). Speichern Sie das Blatt als CSV oder Excel-Arbeitsmappe."),
    "file_empty": "Die Datei enthält keine Datenzeilen.",
    "not_readable": ("Das ist keine CSV/XLSX-Datei, die wir lesen können. In Excel öffnen, "
                     "als „CSV UTF-8“ oder „Excel-Arbeitsmappe (.xlsx)“ speichern und "
                     "erneut versuchen."),
    "mixed_encoding": ("Die Datei mischt Kodierungen: Sie ist UTF-8, diese Zeile aber nicht "
                       "(wohl aus einer Windows-1251-Datei eingefügt). Die ganze Datei neu "
                       "als „CSV UTF-8“ speichern."),
    "quote_unbalanced": ("Ein Anführungszeichen in dieser Zeile wird nicht geschlossen (oder "
                         "es folgt weiterer Text), der Rest der Datei würde eine Zelle. Das "
                         "überzählige Anführungszeichen entfernen."),
    "line_break_in_cell": ("Eine Zelle dieser Zeile reicht über mehrere Zeilen (ein "
                           "Anführungszeichen öffnet sie, erst Zeilen später schließt es), "
                           "die Zeilen darunter gingen verloren. Das überzählige "
                           "Anführungszeichen entfernen."),
    "too_many_fields": ("Diese Zeile hat {found} Zellen, die Kopfzeile nur {width}: ein "
                        "Trennzeichen zu viel oder ein Wert mit Trennzeichen ohne "
                        "Anführungszeichen."),
    "xlsx_too_large": ("Die Arbeitsmappe entpackt sich auf {size_mb} MiB; ein Import öffnet "
                       "höchstens {max_mb} MiB. Teilen oder als CSV speichern."),
    "xlsx_too_many_cells": ("Ein Blatt der Arbeitsmappe hat {cells} Zellen; ein Import liest "
                            "höchstens {max_cells}. Leere Zeilen und Spalten löschen, teilen "
                            "oder als CSV speichern."),
    "column_misspelt": ("Die Spalte „{value}“ steht nicht in der Vorlage: meinten Sie "
                        "{suggestion}? Umbenennen (solange eine Spalte verloren gehen könnte, "
                        "wird nichts geladen)."),
    "no_header": ("In den ersten {n} Zeilen fehlt die Kopfzeile. Sie muss die Spaltennamen "
                  "einer Vorlage enthalten (export-monitor template KIND)."),
    "kind_unknown": ("Die Spalten passen zu keiner Vorlage. Gefunden: {found}. Nutzen Sie "
                     "eine Vorlage (export-monitor template KIND) oder --kind."),
    "kind_ambiguous": "Die Spalten passen zu mehreren Vorlagen ({kinds}); --kind angeben.",
    "sheet_missing": "Die Arbeitsmappe hat kein Blatt „{sheet}“; vorhanden: {sheets}.",
    "column_missing": "Die Pflichtspalte „{column}“ fehlt.",
    "column_twice": "Die Spalte „{column}“ kommt mehrfach vor.",
    "value_missing": "Hier ist ein Wert nötig.",
    "not_a_number": "Das ist keine Zahl.",
    "out_of_range": ("Der Wert liegt außerhalb des plausiblen Bereichs von {column} ({low} "
                     "bis {high}{unit}); Einheit und Ziffern prüfen."),
    "negative": "Der Wert darf nicht negativ sein.",
    "not_a_month": "Das ist kein Monat (2025-10, 10.2025 oder ein Datum schreiben).",
    "not_a_day": "Das ist kein Datum (2025-10-31 oder 31.10.2025 schreiben).",
    "future_day": "Dieses Datum liegt in der Zukunft (heute ist der {today}).",
    "not_allowed": "Das ist keiner der zulässigen Werte: {allowed}.",
    "future_month": "Dieser Monat liegt in der Zukunft (spätestens {latest}).",
    "not_a_year": "Das ist kein Jahr zwischen {first} und {last}.",
    "growth_too_low": "Eine Wachstumsrate muss über −100 % liegen.",
    "not_an_id": "Hier ist eine ganze positive Zahl nötig.",
    "bad_unp": "Eine UNP hat genau 9 Ziffern.",
    "bad_flag": "„yes“ oder „no“ (bzw. 1 oder 0) schreiben.",
    "formula": ("Zellen dürfen keine Formeln oder Text mit = + - @ am Anfang enthalten "
                "(Formel-Injektion). Nur Werte einfügen."),
    "text_too_long": "Der Text ist länger als {max} Zeichen.",
    "unknown_enterprise": ("Kein Unternehmen hat diese UNP oder diesen Namen. Neue "
                           "Unternehmen kommen über eine Unternehmensdatei."),
    "ambiguous_enterprise": "Mehrere Unternehmen heißen so; die UNP angeben.",
    "unknown_heading": "Das ist keine HS-Position (4 Ziffern, z. B. 8701).",
    "ambiguous_heading": ("Die Position ist mehrdeutig (84.1 kann 8401 oder 8410 sein); "
                          "mit 4 Ziffern schreiben."),
    "unknown_region": "Das ist keine russische Region (ISO-Code wie RU-MOW oder Name).",
    "unknown_concern": "Das ist kein bekannter Konzern (Code oder genauer Name).",
    "unknown_oblast": "Das ist keine belarussische Oblast (BY-BR … BY-HM oder Name).",
    "unknown_subject": ("Kein Vertriebspartner hat diese Nummer oder diesen Namen. Neue "
                        "Partner kommen über eine Partnerdatei."),
    "ambiguous_subject": "Mehrere Partner heißen so; die Nummer angeben.",
    "unknown_kind": "Erlaubt ist: {allowed}.",
    "unknown_cause": "Erlaubt ist: {allowed}.",
    "overdue_above_total": "Überfällig ({overdue}) ist mehr als die Summe ({total}).",
    "buckets_mismatch": ("Die vier Altersspalten ergeben {buckets}, nicht den überfälligen "
                         "Betrag {overdue}."),
    "causes_mismatch": ("Die Ursachenspalten ergeben {causes}, nicht den überfälligen "
                        "Betrag {overdue}."),
    "duplicate_key": ("Derselbe Schlüssel ({what}) steht in mehreren Zeilen (zuerst in Zeile "
                      "{first})."),
    "concern_or_oblast": "Genau eines ausfüllen: Konzern oder Oblast.",
    "id_taken": "Die Nummer {id} gehört schon zu „{other}“.",
    "id_mismatch": ("Dieser Eintrag hat schon die Nummer {id} („{other}“); Nummer leer "
                    "lassen oder {id} schreiben."),
    "batch_rejected": "Nicht geladen, weil eine andere Datei desselben Imports Fehler hat.",
    "outlier": ("{enterprise}, {month}: die Summe ist {total} USD, gegenüber {basis} USD "
                "im {basis_month} (Faktor {factor}). Ein Einheitenfehler (Tausend statt "
                "USD)? Stimmen die Zahlen, mit --accept-outliers laden (auf der Importseite: "
                "„Trotzdem laden“)."),
}

RU: dict[str, str] = {
    "nav.import": "Импорт",
    "title.import": "Монитор экспорта — импорт данных",
    "imports.step_file": "1. Выберите файл",
    "imports.drop": "Перетащите сюда файл CSV или Excel или нажмите, чтобы выбрать",
    "imports.drop_hint": ("Используйте шаблон (ниже). До {max_mb} МиБ. Ничего не загружается "
                          "без вашего подтверждения."),
    "imports.templates": "Шаблоны (Excel, с листом-пояснением к каждому столбцу)",
    "imports.kind.exports": "Экспорт",
    "imports.kind.targets": "Задания",
    "imports.kind.stock": "Запасы",
    "imports.kind.receivables": "Дебиторская задолженность",
    "imports.kind.enterprises": "Предприятия",
    "imports.kind.subjects": "Субъекты ТПС",
    "imports.step_check": "2. Проверка",
    "imports.waiting": "Выберите файл: каждая строка проверяется до загрузки.",
    "imports.ok": "В {file} ошибок нет: {what}. Можно загружать.",
    "imports.bad": ("{file}: ошибок — {total}, групп — {groups}; загрузка невозможна. "
                    "Исправьте файл и выберите его снова."),
    "imports.shown": "Показаны первые {shown} групп.",
    "imports.col.where": "Строки",
    "imports.col.column": "Столбец",
    "imports.col.value": "Значение",
    "imports.col.reason": "Что не так",
    "imports.col.count": "Число",
    "imports.step_load": "3. Загрузка",
    "imports.confirm": "Загрузить файл",
    "imports.accept": "Всё равно загрузить",
    "imports.warned": ("{file}: загрузку остановила проверка единиц (предупреждений — "
                       "{total}, ниже). Если цифры верны, «Всё равно загрузить» загрузит "
                       "файл; журнал загрузок отметит, что вы их приняли."),
    "imports.note.columns_ignored": "{file}: столбцы не из шаблона, не загружены: {columns}.",
    "imports.replaces": ("Загрузка заменяет данные его предприятий за месяцы файла; "
                         "остальное не меняется."),
    "imports.loaded": ("Загружен {file}: записано строк — {added}, заменено — {replaced}. "
                       "Теперь в мониторе: {fresh}."),
    "imports.rejected": "{file} не загружен: ошибок — {total}.",
    "imports.busy": "Идёт другой импорт. Повторите через минуту.",
    "imports.expired": "Загруженного файла больше нет; выберите его снова.",
    "imports.unreadable_upload": "Загруженный файл не читается; выберите его снова.",
    "imports.failed": "Загрузка не удалась, ничего не изменено ({reason}).",
    "imports.recent": "Последние загрузки",
    "imports.col.when": "Загружено (UTC)",
    "imports.col.outcome": "Итог",
    "imports.col.kind": "Вид",
    "imports.col.file": "Файл",
    "imports.col.period": "Период",
    "imports.col.added": "Записано строк",
    "imports.col.replaced": "Заменено",
    "imports.col.by": "Кем",
    "imports.what": "{kind}, {period}",
    "imports.kind.unknown": "неизвестно",
    "imports.outcome.loaded": "загружен",
    "imports.outcome.rejected": "отклонён",
    "imports.outcome.checked": "проверен",
    "imports.by.import page": "страница импорта",
    "imports.by.init": "первичная загрузка",
    **{f"imports.reason.{key}": text for key, text in _REASONS_RU.items()},
}

DE: dict[str, str] = {
    "nav.import": "Import",
    "title.import": "Exportmonitor — Daten importieren",
    "imports.step_file": "1. Datei wählen",
    "imports.drop": "CSV- oder Excel-Datei hierher ziehen oder zum Auswählen klicken",
    "imports.drop_hint": ("Eine Vorlage verwenden (unten). Bis {max_mb} MiB. Geladen wird "
                          "erst nach Ihrer Bestätigung."),
    "imports.templates": "Vorlagen (Excel, mit einem Blatt, das jede Spalte erklärt)",
    "imports.kind.exports": "Exporte",
    "imports.kind.targets": "Ziele",
    "imports.kind.stock": "Lagerbestand",
    "imports.kind.receivables": "Forderungen",
    "imports.kind.enterprises": "Unternehmen",
    "imports.kind.subjects": "Vertriebspartner",
    "imports.step_check": "2. Prüfen",
    "imports.waiting": "Datei wählen: jede Zeile wird vor dem Laden geprüft.",
    "imports.ok": "Keine Fehler in {file}: {what}. Bereit zum Laden.",
    "imports.bad": ("{file}: {total} Fehler in {groups} Gruppe(n) — nichts kann geladen "
                    "werden. Datei korrigieren und erneut wählen."),
    "imports.shown": "Die ersten {shown} Gruppen werden gezeigt.",
    "imports.col.where": "Zeilen",
    "imports.col.column": "Spalte",
    "imports.col.value": "Wert",
    "imports.col.reason": "Was falsch ist",
    "imports.col.count": "Anzahl",
    "imports.step_load": "3. Laden",
    "imports.confirm": "Diese Datei laden",
    "imports.accept": "Trotzdem laden",
    "imports.warned": ("{file}: die Einheitenprüfung hält sie an ({total} Warnung(en), "
                       "unten). Stimmen die Zahlen, lädt „Trotzdem laden“ sie; das "
                       "Ladeprotokoll vermerkt, dass Sie sie akzeptiert haben."),
    "imports.note.columns_ignored": ("{file}: Spalten, die nicht in der Vorlage stehen, "
                                     "ignoriert: {columns}."),
    "imports.replaces": ("Das Laden ersetzt für die Monate der Datei die Daten ihrer "
                         "Unternehmen; sonst ändert sich nichts."),
    "imports.loaded": ("{file} geladen: {added} Zeilen geschrieben, {replaced} ersetzt. "
                       "Das Dashboard zeigt jetzt: {fresh}."),
    "imports.rejected": "{file} wurde nicht geladen: {total} Fehler.",
    "imports.busy": "Ein anderer Import läuft. In einer Minute erneut versuchen.",
    "imports.expired": "Die hochgeladene Datei ist nicht mehr da; bitte erneut wählen.",
    "imports.unreadable_upload": "Der Upload war nicht lesbar; Datei erneut wählen.",
    "imports.failed": "Das Laden schlug fehl, nichts wurde geändert ({reason}).",
    "imports.recent": "Letzte Ladevorgänge",
    "imports.col.when": "Geladen (UTC)",
    "imports.col.outcome": "Ergebnis",
    "imports.col.kind": "Art",
    "imports.col.file": "Datei",
    "imports.col.period": "Zeitraum",
    "imports.col.added": "Zeilen geschrieben",
    "imports.col.replaced": "Ersetzt",
    "imports.col.by": "Von",
    "imports.what": "{kind}, {period}",
    "imports.kind.unknown": "unbekannt",
    "imports.outcome.loaded": "geladen",
    "imports.outcome.rejected": "abgelehnt",
    "imports.outcome.checked": "geprüft",
    "imports.by.import page": "Importseite",
    "imports.by.init": "Erstbefüllung",
    **{f"imports.reason.{key}": text for key, text in _REASONS_DE.items()},
}
