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
