"""The filter bar shared by the pages. Its controls only ever write the URL; the page
is then rebuilt from the URL, so a link always reproduces the view."""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from queries.filters import ExportFilter

from ..i18n import month_name, t
from ..state import FILTER_PARAMS, PageState, parse_search, search_of, view_params
from .caption import filter_words
from .links import current_step

# Parameters that belong to a page's drill path: a new filter starts the drill afresh.
DRILL_PARAMS = ("level", "geo")


def _id(field: str) -> dict:
    return {"type": "filter", "field": field}


def _dropdown(field: str, label: str, options, value, *, multi=True, width="wide",
              placeholder: str = "", clearable: bool = True):
    return html.Div([
        html.Label(label, htmlFor=f"filter-{field}", className="filter-label"),
        # a choice closes the list, multi-select too (Dash keeps it open by default);
        # Escape closes it by itself (Dash 4's popover; tests/test_browser_small.py)
        dcc.Dropdown(id=_id(field), options=options, value=value, multi=multi,
                     placeholder=placeholder, clearable=clearable, searchable=True,
                     className="filter-control", optionHeight=36, closeOnSelect=True),
    ], className=f"filter-item {width} filter-item-{field}")


def filter_bar(state: PageState) -> html.Div:
    dims, f, lang = state.dims, state.filter, state.lang
    all_ = t("filter.all", lang)
    first = (dims.first_month.year + 1) if dims.first_month else f.year
    last = dims.latest_month.year if dims.latest_month else f.year
    years = [{"label": str(y), "value": y} for y in range(last, first - 1, -1)]

    def opts(frame, key, name_col="name_" + ("ru" if lang == "ru" else "en"), prefix=False):
        return [{"label": (f"{k} {n}" if prefix else n), "value": k}
                for k, n in zip(frame[key], frame[name_col])]

    def fixed(level, build):  # the lists no filter narrows: built once per data version
        return dims.memo(("filter_options", level, lang), build)
    months = fixed("month", lambda: [{"label": month_name(m, lang), "value": m}
                                     for m in range(1, 13)])

    # the enterprises of the chosen concerns (and the chosen enterprises), in the
    # dimension's order: every option built once, then picked (a large concern has a
    # thousand enterprises)
    every = fixed("enterprise", lambda: list(zip(
        dims.enterprises["concern_id"].tolist(), dims.enterprises["enterprise_id"].tolist(),
        opts(dims.enterprises, "enterprise_id"))))
    chosen_concerns, chosen = set(f.concerns), set(f.enterprises)
    enterprise_options = [o for c, e, o in every if c in chosen_concerns or e in chosen]
    # with curators the filter's regions are theirs; the control shows the URL's own
    named = f.named_regions if f.curators else f.regions
    regions = dims.regions
    if f.districts:
        regions = regions[regions["district_id"].isin(f.districts) | regions["region_id"].isin(named)]
    heads = dims.headings
    if f.chapters:
        heads = heads[heads["chapter_id"].isin(f.chapters) | heads["heading_id"].isin(f.headings)]
    else:
        heads = heads[heads["heading_id"].isin(f.headings)]
    # HS text exists in English only: Russian and German list this project's names
    head_names, chapter_names = dims.name_of("heading", lang), dims.name_of("chapter", lang)
    heads = heads.assign(label=[str(head_names.get(k, k))[:60] for k in heads["heading_id"]])

    def chapter_options():
        chapters = dims.chapters.assign(
            label=[str(chapter_names.get(k, k))[:60] for k in dims.chapters["chapter_id"]])
        return opts(chapters, "chapter_id", "label", prefix=True)

    items = [
        _dropdown("year", t("filter.year", lang), years, f.year, multi=False, width="narrow",
                  clearable=False),
        _dropdown("from", t("filter.from", lang), months, f.month_from, multi=False,
                  width="narrow", clearable=False),
        _dropdown("to", t("filter.to", lang), months, f.month_to, multi=False,
                  width="narrow", clearable=False),
        _dropdown("concern", t("filter.concern", lang), fixed("concern", lambda: opts(dims.concerns, "concern_id")),
                  list(f.concerns), placeholder=all_),
        _dropdown("enterprise", t("filter.enterprise", lang), enterprise_options,
                  list(f.enterprises), placeholder=all_),
        _dropdown("oblast", t("filter.oblast", lang), fixed("oblast", lambda: opts(dims.oblasts, "oblast_id")),
                  list(f.oblasts), placeholder=all_, width="medium"),
        _dropdown("district", t("filter.district", lang), fixed("district", lambda: opts(dims.districts, "district_id")),
                  list(f.districts), placeholder=all_, width="medium"),
        _dropdown("region", t("filter.region", lang), opts(regions, "region_id"),
                  list(named), placeholder=all_),
        *([_dropdown("curator", t("filter.curator", lang), fixed("curator", lambda: curator_options(dims, lang)),
                     list(f.curators), placeholder=all_, width="narrow")]
          if state.curator_control or f.curators else []),
        _dropdown("chapter", t("filter.chapter", lang),
                  fixed("chapter", chapter_options), list(f.chapters),
                  placeholder=all_),
        _dropdown("heading", t("filter.heading", lang),
                  opts(heads, "heading_id", "label", prefix=True), list(f.headings),
                  placeholder=all_),
        html.Div([
            html.Label(t("filter.industrial_short", lang), className="filter-label",
                       htmlFor="filter-industrial"),
            dcc.Checklist(id=_id("industrial"),
                          options=[{"label": t("filter.industrial", lang), "value": "1"}],
                          value=["1"] if f.industrial_only else [], className="switch",
                          inputClassName="switch-input"),
        ], className="filter-item switch-item"),
        html.Div(dcc.Link(t("filter.reset", lang), href=reset_search(state),
                          id="filter-reset",
                          className="reset-link"), className="filter-item reset"),
    ]
    items.append(dcc.Store(id="filter-rendered", data=rendered_values(f)))
    return html.Div(items, className="filter-bar", id="filter-bar")


def curator_options(dims, lang: str = "ru") -> list[dict]:
    """The curators of Russian regions by surname and initials, with their body's short
    name ("Иванов И. И. (Минпром)"): the control is narrow; the list is searchable."""
    c = dims.curators
    shorts = dims.short_name_of("concern", lang)

    def person(name: str) -> str:
        parts = str(name).split()
        return parts[0] + " " + " ".join(p[0] + "." for p in parts[1:]) if len(parts) > 1 \
            else str(name)
    return [{"label": f"{person(n)} ({shorts.get(k, b) if isinstance(k, str) else b})",
             "value": int(i)}
            for i, n, b, k in zip(c["curator_id"], c["name"], c["body"], c["concern_id"])]


def reset_search(state: PageState) -> str:
    """The reset link (relative: this path): the page's defaults — on an agenda step the
    saved view — in the same language and theme (explicit on a step, whose default
    theme is the presentation)."""
    keep = view_params(state)
    if current_step() is not None:
        keep["present"] = "1" if state.present else "0"
    return search_of(keep) or "?"


def control_value(field: str, value) -> str:
    """A control's value as it is written in the URL ("" for empty)."""
    if field == "industrial":
        return "1" if value else "0"
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, list):
        return ",".join(sorted(str(v) for v in value))
    return str(value)


def rendered_values(f: ExportFilter) -> dict[str, str]:
    """What the controls show for a filter, in the same form as ``control_value``."""
    params = f.to_params()
    return {field: params.get(field, "") for field in FILTER_PARAMS}


def params_from_controls(values: dict, rendered: dict[str, str],
                         current: dict[str, str]) -> dict[str, str] | None:
    """New URL parameters after the user changed controls, or None when the controls
    still show what the page was rendered with.

    Dash also fires the callback when the page is re-rendered with new controls; those
    calls change nothing. A real change replaces exactly the fields that differ from
    what was rendered (the others stay as the URL had them, defaults stay implicit)
    and starts the drill-down afresh."""
    changed = {field: control_value(field, value) for field, value in values.items()
               if control_value(field, value) != rendered.get(field, "")}
    if not changed:
        return None
    new = {k: v for k, v in current.items() if k not in DRILL_PARAMS}
    for field, value in changed.items():
        if value:
            new[field] = value
        else:
            new.pop(field, None)
    return new


@callback(
    Output("_pages_location", "search", allow_duplicate=True),
    Input(_id(ALL), "value"),
    State("filter-rendered", "data"),
    State("_pages_location", "search"),
    prevent_initial_call=True,
)
def apply_filters(values, rendered, search):
    """Controls → URL, on a user's change only; the page then re-renders from the URL."""
    if not ctx.triggered_id:
        return no_update
    fields = [spec["id"].get("field") for spec in ctx.inputs_list[0]]
    # (a forged request may send anything: only our fields, a dict as rendered)
    controls = {f: v for f, v in zip(fields, values or []) if f in FILTER_PARAMS}
    new = params_from_controls(controls, rendered if isinstance(rendered, dict) else {},
                               parse_search(search))
    if new is None:
        return no_update
    new_search = search_of(new)
    return no_update if new_search == (search or "") else new_search


def describe(f: ExportFilter, state: PageState) -> str:
    """One line saying which filter the page shows, by short names
    ("Белнефтехим · шины (4011)"; see ``caption.filter_words``)."""
    return (filter_words(f, state.dims, state.lang)
            or t("scope.all_concerns", state.lang))


def period_label(f: ExportFilter, lang: str = "en", year: int | None = None) -> str:
    """"January–October 2026", «январь–октябрь 2026 г.» (Russian keeps month names in
    lower case inside a phrase)."""
    y = f.year if year is None else year
    capital = lang != "ru"
    first = month_name(f.month_from, lang, capital=capital)
    if f.month_from == f.month_to:
        return t("scope.period_one", lang, from_month=first, year=y)
    return t("scope.period", lang, from_month=first,
             to_month=month_name(f.month_to, lang, capital=capital), year=y)
