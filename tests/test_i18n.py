"""Every message id the code asks for exists in the reference (English) catalogue, so
no user ever reads a raw id such as ``kpi.exports``."""

from __future__ import annotations

import re

import pytest

from dashboard.i18n import EN, t
from queries.settings import PROJECT_ROOT

CALL = re.compile(r"""\bt\(\s*f?["']([a-z_]+\.[a-z_.{}0-9]+)["']""")


def _ids_in_code() -> set[str]:
    ids = set()
    for path in (PROJECT_ROOT / "dashboard").rglob("*.py"):
        ids |= set(CALL.findall(path.read_text(encoding="utf-8")))
    return ids


def test_every_literal_message_id_is_in_the_catalogue():
    literal = {i for i in _ids_in_code() if "{" not in i}
    assert literal, "the scan found no t() calls: the pattern is broken"
    assert sorted(literal - set(EN)) == []


def test_templated_ids_resolve_for_every_value_they_take():
    from dashboard.theme import STATUS
    from queries.exports import LEVELS
    from queries.filters import LIST_PARAMS
    expanded = ({f"level.{lvl}" for lvl in LEVELS if lvl not in ("oblast", "total")}
                | {f"status.{s}" for s in STATUS}
                | {f"filter.{p}" for p in LIST_PARAMS}
                | {f"msg.{k}" for k in ("bad_year", "bad_month", "range_reversed",
                                        "beyond_data", "unknown_codes", "too_long",
                                        "too_many", "out_of_scope")})
    assert sorted(expanded - set(EN)) == []


def test_problem_keys_of_the_filter_parser_are_all_translated():
    source = (PROJECT_ROOT / "queries" / "filters.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'Problem\("([a-z_]+)"', source))
    assert keys and sorted(f"msg.{k}" for k in keys if f"msg.{k}" not in EN) == []


def test_placeholders_are_filled():
    assert t("kpi.exports", "en", period="January–October 2026") == \
        "Exports, January–October 2026"
    assert "{" not in t("msg.unknown_codes", field="concern", values="x", n=1)


def test_shared_messages_are_translated_into_russian_and_german():
    from dashboard.messages import core
    for lang in ("RU", "DE"):
        catalogue = getattr(core, lang)
        assert sorted(set(core.EN) - set(catalogue)) == [], lang
        for key, text in catalogue.items():  # same placeholders as the English text
            assert re.findall(r"{(\w+)}", text) == re.findall(r"{(\w+)}", core.EN[key]) \
                or sorted(re.findall(r"{(\w+)}", text)) == sorted(
                    re.findall(r"{(\w+)}", core.EN[key])), (lang, key)


def test_months_and_numbers_follow_the_language():
    from dashboard.formatting import mn
    from dashboard.i18n import month_name
    assert month_name(1, "ru") == "Январь" and month_name(10, "ru", capital=False) == "октябрь"
    assert month_name(3, "de") == "März" and month_name(3, "en", short=True) == "Mar"
    assert mn(1_234_500_000, "ru") == "1\xa0234,5"
    assert mn(1_234_500_000, "de") == "1.234,5"
    assert mn(1_234_500_000, "en") == "1,234.5"


# ---------------------------------------------------------------------------------------
# Every string in every language (Russian is the default, German for guests)
# ---------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"{(\w*)[^}]*}")


def test_every_message_of_every_module_is_translated_into_russian_and_german():
    """The failing test for "a user-visible string has no translation": each catalogue
    module's RU and DE hold exactly its English ids, with the same placeholders."""
    import importlib
    import pkgutil

    from dashboard import messages
    from dashboard.i18n import CATALOGUES
    from queries.imports.topics import TOPIC_KINDS

    # the other subjects' import reasons: English in the kind (queries/imports/topics,
    # shared with the command line, listed by messages/imports.py), Russian and German in
    # the subject's own module — checked on the merged catalogues below
    topic = {f"imports.reason.{code}" for tk in TOPIC_KINDS.values() for code in tk.reasons}
    missing, extra, placeholders = [], [], []
    for info in pkgutil.iter_modules(messages.__path__):
        module = importlib.import_module(f"dashboard.messages.{info.name}")
        for lang in ("RU", "DE"):
            catalogue = getattr(module, lang, {})
            missing += [(info.name, lang, k) for k in module.EN
                        if k not in catalogue and k not in topic]
            extra += [(info.name, lang, k) for k in catalogue
                      if k not in module.EN and k not in topic]
            placeholders += [(info.name, lang, k) for k, text in catalogue.items()
                             if k in module.EN and sorted(PLACEHOLDER.findall(text))
                             != sorted(PLACEHOLDER.findall(module.EN[k]))]
    for key in sorted(topic):
        for lang in ("ru", "de"):
            text = CATALOGUES[lang].get(key)
            if text is None:
                missing.append(("topics", lang, key))
            elif sorted(PLACEHOLDER.findall(text)) != sorted(
                    PLACEHOLDER.findall(CATALOGUES["en"][key])):
                placeholders.append(("topics", lang, key))
    assert missing == [] and extra == [] and placeholders == []


def test_translations_are_not_english_left_in_place():
    """A Russian text holds Cyrillic (or is a symbol, number or name such as
    "English"); a German text of two words or more is not the English one copied (one
    word may be the same: "Region", "Status", "Import")."""
    from dashboard.i18n import CATALOGUES
    same_ok = {"lang.ru", "lang.en", "lang.de", "series.this_year", "series.last_year",
               "kpi.growth_sub", "imports.what", "nav.import"}
    latin_only = [k for k, text in CATALOGUES["ru"].items()
                  if k not in same_ok and re.search(r"[A-Za-z]{3,}", PLACEHOLDER.sub("", text))
                  and not re.search(r"[А-Яа-яЁё]", text)]
    assert latin_only == []
    copied = [k for k, text in CATALOGUES["de"].items()
              if k not in same_ok and text == EN[k]
              and len(re.findall(r"\b[A-Za-z]*[a-z][A-Za-z]*", PLACEHOLDER.sub("", text))) >= 2]
    assert copied == []


# Longer German labels of the core and downloads catalogues (not this module's owner's):
# known, left to their owners.
_LONG_REVIEWED = {"filter.concern", "kpi.no_target", "col.change", "downloads.col.item"}


def test_german_labels_are_not_much_longer_than_english():
    """Column headers, KPI labels and buttons keep the layout: a German one is at most
    a third longer than the English (and at most 6 characters)."""
    from dashboard.i18n import CATALOGUES
    short = re.compile(r"(^|\.)(col|col_\w+|nav|filter|kpi|status|level|present|"
                       r"base_\w+|kpi_\w+)[._]")
    too_long = [(k, EN[k], text) for k, text in CATALOGUES["de"].items()
                if short.search(k) and "{" not in EN[k] and len(EN[k]) <= 30
                and len(text) > max(len(EN[k]) * 4 / 3, len(EN[k]) + 6)
                and k not in _LONG_REVIEWED]
    assert too_long == []


# --- no literal bypasses t() --------------------------------------------------------------

# Keyword arguments and dict keys whose string values are code, not text.
_CODE_KEYS = {
    "id", "className", "type", "href", "field", "style", "filter", "cellRenderer", "sort",
    "path", "nav_key", "cellStyle", "function", "color", "fontWeight", "display",
    "tickformat", "textposition", "mode", "orientation", "xref", "yref", "xanchor",
    "yanchor", "dash", "hoverinfo", "featureidkey", "clickmode", "rangemode", "autorange",
    "insidetextanchor", "constraintext", "lang", "level", "kind", "headerClass",
    "valueFormatter", "accept", "htmlFor", "role", "target", "rel", "method", "key",
    "fontFamily", "textAlign", "cursor", "background", "border", "padding", "margin",
    "gridTemplateColumns", "gridTemplateAreas", "gridArea", "whiteSpace", "overflow",
    "position", "justifyContent", "alignItems", "flexDirection", "flexWrap", "gap",
    "borderLeftColor", "borderRadius", "width", "height", "minWidth", "fontSize",
    "marginRight", "marginLeft", "marginTop", "gridColumn", "anchor", "xaxis", "yaxis",
    "responsive", "mimetype", "filename", "component_property", "property", "cls",
}
# Calls whose string arguments are ids, formats or log text, not what a user reads.
_CODE_CALLS = {"t", "Output", "Input", "State", "Problem", "month_name", "getLogger",
               "get", "startswith", "endswith", "format", "join", "split",
               "strip", "rstrip", "lstrip", "info", "warning", "exception", "debug", "error",
               "pop", "setdefault", "register_page", "compile", "sub", "fullmatch", "match",
               "search", "findall", "route", "strftime", "getenv", "_clip", "href",
               "get_app", "callback", "ClientsideFunction", "send_bytes", "timestamp",
               "Div_id", "setattr", "getattr", "hasattr", "isinstance", "Path", "open"}
# Text that may appear as a literal: symbols, units the same in every language, ids.
_ALLOWED_LITERALS = {"⚠", "■", "–", "—", "→", "›", "·", "%", "⬆", "…", "UTC"}
_WORD = re.compile(r"[^\W\d_]{2,}")
_MARKUP = re.compile(r"<[^>]*>?|%\{[^}]*\}|%\([^)]*\)\w|\{[^}]*\}|&\w+;|#[0-9a-fA-F]{3,8}\b"
                     r"|\d+(px|fr|em|rem|vh|vw|ms|s)\b")
_CSS_WORDS = {"px", "solid", "dashed", "auto", "span", "none", "bold", "center", "left",
              "right", "top", "bottom", "middle", "inside", "outside", "lines", "markers",
              "text", "sans", "serif", "nowrap", "hidden", "flex", "grid", "block", "pointer"}


def _user_text(s: str) -> str | None:
    """The natural-language part of a literal, or None when it is code (an id, a path, a
    CSS value, a format, a symbol)."""
    if s in _ALLOWED_LITERALS or not s.strip() or re.search(r"\bparams\.", s):
        return None  # a symbol, or AG Grid JavaScript
    rest = _MARKUP.sub(" ", s)
    words = [w for w in _WORD.findall(rest) if w.lower() not in _CSS_WORDS]
    if not words:
        return None
    if " " not in s:  # one token: a word ("Stock") or an id, key, path, class name
        return s if re.fullmatch(r"[A-Z][a-z]+\.?", s) else None
    if re.fullmatch(r"[\w\-]+( [\w\-]+)*", s.strip()) and "_" in s:
        return None  # class name lists such as "panel table-panel"
    return " ".join(words)


def literal_texts(source: str) -> list[tuple[int, str]]:
    """(line, text) of the string literals in ``source`` that read as words to a user
    and do not go through ``t()``: what the rules above do not recognise as code."""
    import ast
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))  # docstrings
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(
                f, ast.Attribute) else ""
            if name in _CODE_CALLS:
                for a in node.args:
                    skip.update(id(n) for n in ast.walk(a) if name != "t" or a is node.args[0])
            for kw in node.keywords:
                if kw.arg in _CODE_KEYS:
                    skip.update(id(n) for n in ast.walk(kw.value))
        elif isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                if k is not None:
                    skip.add(id(k))
                if isinstance(k, ast.Constant) and k.value in _CODE_KEYS:
                    skip.update(id(n) for n in ast.walk(v))
        elif isinstance(node, (ast.Subscript, ast.Compare)):
            skip.update(id(n) for n in ast.walk(node.slice if isinstance(
                node, ast.Subscript) else node))
        elif isinstance(node, ast.keyword) and node.arg in _CODE_KEYS:
            skip.update(id(n) for n in ast.walk(node.value))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in skip:
            text = _user_text(node.value)
            if text:
                found.append((node.lineno, node.value))
    return found


# Modules that are not user interface (logging, HTTP headers, number formats, themes)
# or whose literals are data rather than text; the message catalogues themselves.
_NOT_UI = {"app.py", "theme.py", "formatting.py", "i18n.py", "health.py", "geo.py",
           "grid_locale.py", "download_routes.py", "handout.py",
           # the server's start-up refusals (for the operator's console), HTTP headers
           "mode.py", "headers.py",
           # the first visit's cache and compression headers
           "first_visit.py"}
# Reviewed literals that are not text a user reads (file:literal).
_REVIEWED = {
    "figures/trends.py:<span style='color:",  # the start of a coloured swatch
    "pages/import_data.py:import page",  # who loaded, as logged (shown via imports.by.*)
    # suffixes cut from district names, and their short forms
    "pages/receivables.py: Federal District", "pages/receivables.py: FD",
    "pages/receivables.py: федеральный округ", "pages/receivables.py: ФО",
    "pages/receivables.py:er Föderationskreis", "pages/receivables.py: FK",
    "downloads/tables.py:Graph",  # a Dash component type
    # the words every demo/real centre's name starts with, cut for the shared screen
    "pages/stock_centres.py:Торгово-сервисный центр ",
    "pages/stock_centres.py:ООО «Торгово-сервисный центр ",
    # the audit row of a freeze (the log's own English, as every audit detail)
    "meetings/edition.py:; replaces the edition of ", "meetings/edition.py: UTC",
    "meetings/edition.py: steps, ", "meetings/edition.py: bytes",
    "pages/meeting_step.py:freshness meeting-fresh",  # class names
    "pages/agenda.py:message ok", "pages/agenda.py:message error",  # class names
    "presentation.py:bottom center",
    "auth/__init__.py:Lax",  # a cookie attribute
    "auth/sign_in.py:\" role=\"alert\">", "auth/sign_in.py: info",  # the form's HTML
    "components/kpi.py: long",  # a class name
    # audit rows' details (data in the log, not text on a page)
    "components/agenda_add.py:add ", "pages/admin.py:: roles=", "pages/admin.py: concerns=",
    "pages/admin.py: oblasts=", "pages/import_data.py: (import page)",
    "pages/import_data.py:: run ", "pages/import_data.py: (outliers accepted)",
}


def test_no_user_visible_literal_bypasses_t():
    root = PROJECT_ROOT / "dashboard"
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("messages/") or path.name in _NOT_UI:
            continue
        for line, text in literal_texts(path.read_text(encoding="utf-8")):
            if f"{rel}:{text}" not in _REVIEWED:
                found.append(f"{rel}:{line}: {text!r}")
    assert found == []


def test_the_literal_scan_finds_what_it_should():
    """The scan is not vacuous: English in children, headers, figure titles, trace
    names and unit suffixes is found (the last one as it was in figures/trends.py)."""
    source = '''
from dash import html
def layout():
    fig = {"layout": {"title": {"text": "Monthly exports"}}, "data": [{"name": "Stock"}]}
    cols = [{"field": "x", "headerName": "Enterprise"}]
    return html.Div(["Nothing here", html.Span("⚠")], className="panel note", id="a-b")
def _pp(v, lang):
    return pct(v, lang).replace(" %", " pp")
'''
    texts = [text for _, text in literal_texts(source)]
    assert texts == ["Monthly exports", "Stock", "Enterprise", "Nothing here", " pp"] \
        or sorted(texts) == sorted(["Monthly exports", "Stock", "Enterprise", "Nothing here",
                                    " pp"])


# --- rendered pages: nothing English in Russian or German ---------------------------------

_VISIBLE = {"children", "headerName", "headerTooltip", "title", "text", "name",
            "hovertemplate", "label", "placeholder", "ticktext", "subtitle", "x", "y"}
_NOT_SHOWN = {"id", "className", "style", "href", "customdata", "locations", "geojson",
              "colorscale", "marker", "line", "font", "textfont", "insidetextfont",
              "tickvals", "z", "columnSize", "dashGridOptions", "getRowId"}
# The same in every language: language names (each in its own), units and file formats.
_SAME_IN_ALL = {"English", "Deutsch", "Русский", "UTC", "CSV", "XLSX", "PNG", "PDF", "UNP"}
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


def visible_strings(node, key: str | None = None, out: list | None = None) -> list[str]:
    """Every string of a page's layout JSON that a user reads: children, headers,
    tooltips, figure titles, trace names and labels, tick texts, dropdown labels,
    placeholders, grid rows (hidden elements and stores left out)."""
    out = [] if out is None else out
    if isinstance(node, str):
        if key in ("x", "y") and re.fullmatch(r"[a-z0-9_\-]+|[A-Z0-9]{2,6}", node):
            return out  # a category's key under tick texts (stock bars, districts)
        if key in _VISIBLE or key == "row":
            out.append(re.sub(r"\\(.)", r"\1", _LINK_TARGET.sub("]", node)))  # markdown
    elif isinstance(node, list):
        for item in node:
            visible_strings(item, key, out)
    elif isinstance(node, dict):
        if node.get("type") == "Store" or (node.get("props") or {}).get("hidden") is True:
            return out
        shown = {c.get("field") for c in node.get("columnDefs") or [] if isinstance(c, dict)}
        for k, v in node.items():
            if k == "rowData":  # the cells of the grid's columns
                for row in v or []:
                    for field, value in row.items():
                        if field in shown:
                            visible_strings(value, "row", out)
            elif k not in _NOT_SHOWN:
                visible_strings(v, k if not isinstance(v, dict) or k == "title" else k, out)
    return out


def _data_names(frames, english: bool) -> list[str]:
    """Names in the data with no form in the language: HS names (English only) always;
    for German also the English names of the other dimensions (its fallback)."""
    names = list(frames["hs_chapter"]["name_en"]) + list(frames["hs_heading"]["name_en"])
    if english:
        for table in ("concern", "enterprise", "by_oblast", "federal_district", "ru_region"):
            names += [n for n in frames[table]["name_en"] if isinstance(n, str)]
    return sorted({str(n) for n in names if len(str(n)) >= 4}, key=len, reverse=True)


def _without_names(text: str, names: list[str]) -> str:
    """The string without the data names in it (whole, or cut short with "…")."""
    core = re.sub(r"^\d{2,4}\s+|^\W+", "", text.strip().strip("[]"))
    parts = [p.strip() for p in core.split("…") if p.strip()]
    if parts and all(any(p in n for n in names) for p in parts):
        return ""
    for n in names:
        if n in text:
            text = text.replace(n, " ")
    return text


def _pages(frames) -> list[str]:
    exports = frames["exports"]
    largest = int(exports.groupby("enterprise_id")["value_usd"].sum().idxmax())
    concern = frames["enterprise"].set_index("enterprise_id").loc[largest, "concern_id"]
    return ["/", "/exports", "/trends", "/stock", "/receivables", f"/enterprise/{largest}",
            f"/exports?concern={concern}", f"/stock?level=enterprise&concern={concern}",
            f"/receivables?concern={concern}", f"/trends?concern={concern}",
            "/stock?geo=region&district=CFD"]


def _english_words(lang: str):
    """What counts as English in a page of ``lang``: for Russian any Latin word of
    three letters or more; for German the English catalogue's words that its German
    catalogue does not use."""
    from dashboard.i18n import CATALOGUES

    def words(texts):
        return {w.lower() for s in texts
                for w in re.findall(r"[A-Za-zÄÖÜäöüß]{3,}", PLACEHOLDER.sub(" ", s))}
    if lang == "ru":
        return lambda w: True
    english = words(EN.values()) - words(CATALOGUES["de"].values())
    return lambda w: w.lower() in english


def test_pages_in_russian_and_german_show_no_english(dash_client, frames):
    import json
    found = []
    for lang in ("ru", "de"):
        names = _data_names(frames, english=lang == "de")
        is_english = _english_words(lang)
        for page in _pages(frames):
            path, _, query = page.partition("?")
            resp = dash_client.page(path, f"?lang={lang}" + (f"&{query}" if query else ""))
            assert resp.status_code == 200, (lang, page)
            strings = visible_strings(json.loads(resp.data))
            assert len(strings) > 30, (lang, page)  # the walk found the page's texts
            for s in set(strings):
                rest = _without_names(re.sub(r"<[^>]*>|%\{[^}]*\}|&\w+;", " ", s), names)
                rest = re.sub(r"\b[A-Z]{2}-[A-Z]{2,3}\b", " ", rest)  # region codes
                bad = [w for w in re.findall(r"[A-Za-zÄÖÜäöüß]{3,}", rest)
                       if w not in _SAME_IN_ALL and re.search("[A-Za-z]", w)
                       and is_english(w)]
                if bad:
                    found.append((lang, page, s[:80], bad))
    assert found == []


def test_the_page_check_sees_english(dash_client, frames):
    """The check above is not vacuous: an English page (same walk, same names) fails."""
    import json
    names = _data_names(frames, english=False)
    resp = dash_client.page("/stock", "?lang=en")
    leftover = [s for s in visible_strings(json.loads(resp.data))
                if re.search(r"[A-Za-z]{3,}", _without_names(s, names))]
    assert "Days of cover" in leftover and "Stock at month end" in leftover


def test_axis_months_are_three_letters_in_every_language():
    """Twelve month ticks fit a narrow panel without turning only when short."""
    from dashboard.i18n import axis_month
    assert [axis_month(m, "ru") for m in (1, 5, 9, 11)] == ["Янв", "Май", "Сен", "Ноя"]
    assert [axis_month(m, "en") for m in (9, 12)] == ["Sep", "Dec"]
    assert [axis_month(m, "de") for m in (3, 10)] == ["Mär", "Okt"]


# --- product names: our own Russian and German names, never the English HS text ----------

def _shown_headings(body) -> list[tuple[str, str]]:
    """(heading, label) for every product a page names: the ticks of its product bars
    (Exports by heading, Trends' losses) and the names in the Exports grid."""
    from tests.test_trends_http import find
    shown = []
    for graph in ("product-bars", "trends-products"):
        node = find(body, graph)
        for trace in (node or {}).get("figure", {}).get("data", []):
            shown += [(str(c[0]), str(y)) for c, y in
                      zip(trace.get("customdata") or [], trace.get("y") or [])]
    grid = find(body, "exports-grid")
    shown += [(str(r["key"]), str(r["name"])) for r in (grid or {}).get("rowData") or []]
    return shown


def _stem(label: str, heading: str) -> tuple[str, bool]:
    """The name in a label ("8701 Тракторы", "3102 Nitrogen<br>fertilisers", "… …"),
    without the code, and whether it was cut short."""
    name = re.sub(r"\s*<br\s*/?>\s*", " ", label).strip()
    name = re.sub(rf"^{heading}\s+", "", name)
    return name.rstrip("…").strip(), name.endswith("…")


def _english_product_names(frames, lang: str, dash_client) -> tuple[int, list]:
    import json
    heads = frames["hs_heading"].set_index("heading_id")
    seen, english = 0, []
    for path, query in (("/exports", "level=heading"), ("/exports", "level=heading&year=2025"),
                        ("/trends", "industrial=0")):
        resp = dash_client.page(path, f"?lang={lang}&{query}")
        assert resp.status_code == 200, (lang, path, query)
        for heading, label in _shown_headings(json.loads(resp.data)):
            seen += 1
            name, cut = _stem(label, heading)
            # (our own German word may be the English one: "Butter")
            ours = heads.loc[heading, f"short_name_{lang}"] if lang != "en" else None
            en = [str(heads.loc[heading, c]) for c in ("name_en", "short_name_en")
                  if isinstance(heads.loc[heading, c], str) and heads.loc[heading, c] != ours]
            if any(name == e or (cut and e.startswith(name)) for e in en):
                english.append((path, heading, label))
    return seen, english


@pytest.mark.parametrize("lang", ["ru", "de"])
def test_product_names_are_ours_not_the_english_hs_text(dash_client, frames, lang):
    """Headings on a Russian or German page carry this project's short names
    (data/refdata/hs_headings_short.csv), not the English HS text of the heading table."""
    import json
    seen, english = _english_product_names(frames, lang, dash_client)
    assert seen >= 10  # the pages named products
    assert english == []
    # and the names are ours: the heading table's short name in that language
    heads = frames["hs_heading"].set_index("heading_id")
    resp = dash_client.page("/exports", f"?lang={lang}&level=heading")
    for heading, label in _shown_headings(json.loads(resp.data)):
        name, cut = _stem(label, heading)
        ours = str(heads.loc[heading, f"short_name_{lang}"])
        assert (ours.startswith(name) and name) if cut else name == ours, (heading, label, ours)


def test_the_product_name_check_sees_english(dash_client, frames):
    """The check above is not vacuous: the English page shows the English names."""
    seen, english = _english_product_names(frames, "en", dash_client)
    assert seen >= 10 and len(english) == seen


def test_every_import_kind_has_a_name_in_every_language():
    """The Import page's template buttons and the load log name each kind with
    ``imports.kind.<kind>``: the other subjects' kinds too (a missing one shows its id)."""
    from dashboard.i18n import CATALOGUES
    from queries.imports import KINDS

    missing = [(lang, k) for k in KINDS for lang in ("en", "ru", "de")
               if f"imports.kind.{k}" not in CATALOGUES[lang]]
    assert missing == []
