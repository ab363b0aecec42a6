"""Templates a ministry analyst fills in, and the same layout filled with data.

``write_template(kind, folder)`` writes ``<kind>_template.csv`` and
``<kind>_template.xlsx``: the header, one example row, and the documentation of every
column (type, unit, required, allowed codes or where to find them) — in the CSV as
``#`` lines above the header (the import skips them), in the workbook as a second
sheet "columns". The CSV is UTF-8 with BOM and separated by semicolons, which is what
Russian-locale Excel opens without asking.

``write_rows(kind, frame, path)`` writes rows already in template columns (the
round-trip test and the benchmark use it; ``dump.py`` makes such frames).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .kinds import CODES_FROM, KINDS, TYPES, Kind
from .topics import TOPIC_KINDS

CODE_TYPES = {"enterprise", "heading", "region", "concern", "oblast", "subject", "unp",
              "subject_kind", "cause"}
CODE_TYPES |= {"day", *(t for tk in TOPIC_KINDS.values() for t in tk.text_types)}


def column_docs(kind: Kind) -> list[dict]:
    return [{"column": c.name, "required": "required" if c.required else "optional",
             "type": TYPES[c.type], "unit": c.unit, "meaning": c.help,
             "allowed codes": CODES_FROM.get(c.type, ""), "example": c.example}
            for c in kind.columns]


def _example(kind: Kind, decimal_comma: bool) -> list[str]:
    out = []
    for c in kind.columns:
        v = c.example
        if decimal_comma and c.type in ("number", "percent"):
            v = v.replace(".", ",")
        out.append(v)
    return out


def write_template(kind_name: str, folder: str | Path) -> list[Path]:
    kind = KINDS[kind_name]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / f"{kind.name}_template.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(f"# Export Monitor — {kind.title} template. {kind.help}\n")
        fh.write("# Replace the example row with your data. Keep the header row. "
                 "Check with: export-monitor import FILE --dry-run\n")
        for d in column_docs(kind):
            parts = [f"{d['column']}: {d['meaning']}", d["required"], d["type"]]
            if d["unit"]:
                parts.append(f"unit {d['unit']}")
            if d["allowed codes"]:
                parts.append(f"codes: {d['allowed codes']}")
            fh.write("# " + " — ".join(p.replace(";", ",") for p in parts) + "\n")
        writer = csv.writer(fh, delimiter=";", lineterminator="\n")
        writer.writerow([c.name for c in kind.columns])
        writer.writerow(_example(kind, decimal_comma=True))
    xlsx_path = folder / f"{kind.name}_template.xlsx"
    _write_xlsx_template(kind, xlsx_path)
    return [csv_path, xlsx_path]


def _write_xlsx_template(kind: Kind, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = kind.name
    ws.append([c.name for c in kind.columns])
    ws.append(_example_cells(kind))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    for i, c in enumerate(kind.columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = bold, fill
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(14, min(40, len(c.example) + 4,
                                                         len(c.name) + 10))
        if c.type in CODE_TYPES or c.type == "month":
            # codes stay text: Excel would turn 0401 into 401 and 2025-10 into a date
            ws.column_dimensions[letter].number_format = "@"
            ws.cell(row=2, column=i).number_format = "@"
    ws.freeze_panes = "A2"
    docs = wb.create_sheet("columns")
    headers = ["column", "required", "type", "unit", "meaning", "allowed codes", "example"]
    docs.append([f"{kind.title}: {kind.help}"])
    docs.append(["Fill in the first sheet: one row per line of data, the header row "
                 "unchanged. Check before loading: export-monitor import FILE --dry-run"])
    docs.append([])
    docs.append(headers)
    for d in column_docs(kind):
        docs.append([d[h] for h in headers])
    for i, width in enumerate((24, 10, 60, 12, 50, 60, 24), start=1):
        docs.column_dimensions[get_column_letter(i)].width = width
    for cell in docs[4]:
        cell.font, cell.fill = bold, fill
    for row in docs.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    docs["A1"].font = Font(bold=True, size=13)
    wb.save(path)


def _example_cells(kind: Kind) -> list:
    out = []
    for c in kind.columns:
        if c.type in ("number", "percent") and c.example:
            out.append(float(c.example))
        elif c.type == "year" and c.example:
            out.append(int(c.example))
        else:
            out.append(c.example)
    return out


def write_rows(kind_name: str, frame: pd.DataFrame, path: str | Path) -> Path:
    """Rows in template columns to a .csv (UTF-8, comma-separated, decimal point) or
    .xlsx file. Floats are written exactly (shortest round-trip form)."""
    kind = KINDS[kind_name]
    path = Path(path)
    cols = [c.name for c in kind.columns if c.name in frame.columns]
    frame = frame[cols]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(kind.name)
        ws.append(cols)
        for row in frame.itertuples(index=False):
            ws.append([None if (isinstance(v, float) and v != v) else v for v in row])
        wb.save(path)
    else:
        frame.to_csv(path, index=False, encoding="utf-8")
    return path
