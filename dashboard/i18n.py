"""Every user-facing string goes through ``t``.

Messages are keyed by an id; the English text is the reference catalogue. Further
languages add a catalogue of the same ids; a missing id falls back to English, and a
test fails when a catalogue lacks an id that English has.
"""

from __future__ import annotations

DEFAULT_LANG = "en"

EN: dict[str, str] = {
    "app.title": "Export Monitor",
    "app.subtitle": "Belarusian exports to Russia",
    "nav.overview": "Overview",
    "nav.exports": "Exports",
    "title.overview": "Export Monitor — Overview",
    "title.exports": "Export Monitor — Exports",
    "title.not_found": "Export Monitor — page not found",
    "fresh.data_to": "Data to {month}",
    "fresh.loaded": "loaded {when}",
    "fresh.none": "No data loaded",
    "filter.year": "Year",
    "filter.from": "From",
    "filter.to": "To",
    "filter.concern": "Concern",
    "filter.enterprise": "Enterprise",
    "filter.oblast": "Belarusian oblast",
    "filter.district": "Federal district",
    "filter.region": "Russian region",
    "filter.chapter": "HS chapter",
    "filter.heading": "HS heading",
    "filter.all": "All",
    "filter.reset": "Reset filters",
    "scope.all_concerns": "all concerns",
    "scope.period": "{from_month}–{to_month} {year}",
    "scope.period_one": "{from_month} {year}",
    "scope.vs": "compared with {period}",
    "kpi.exports": "Exports, {period}",
    "kpi.exports_sub": "last year {value}",
    "kpi.growth": "Growth on last year",
    "kpi.growth_sub": "{change}",
    "kpi.target": "Target fulfilment to date",
    "kpi.target_sub": "target {year}: {value}",
    "kpi.no_target": "No target is set at this level",
    "kpi.forecast": "Full-year forecast",
    "kpi.forecast_sub": "{pct} of target",
    "kpi.forecast_sub_no_target": "last year {value}",
    "kpi.forecast_method": ("Forecast = this year so far + last year's remaining months "
                            "× this year's growth so far. Target path phased by last "
                            "year's months."),
    "kpi.stock": "Stock in the network, {month}",
    "kpi.stock_sub": "{change} on a year ago",
    "kpi.overdue": "Overdue receivables, {month}",
    "kpi.overdue_sub": "{share} of receivables",
    "unit.mn_usd": "mn USD",
    "unit.bn_usd": "bn USD",
    "chart.monthly": "Monthly exports, mn USD",
    "chart.cumulative": "Cumulative since {month}, mn USD",
    "series.this_year": "{year}",
    "series.last_year": "{year}",
    "series.target": "Target path {year}",
    "league.title": "Concerns: exports and targets, {period}",
    "col.concern": "Concern",
    "col.name": "Name",
    "col.value": "Exports, mn USD",
    "col.value_ly": "Last year, mn USD",
    "col.change": "Change, mn USD",
    "col.change_pct": "Change, %",
    "col.share_pct": "Share, %",
    "col.growth": "Growth, %",
    "col.fulfilment": "Target to date, %",
    "col.forecast": "Forecast / target, %",
    "col.status": "Status",
    "status.on_track": "● on track",
    "status.at_risk": "◐ at risk",
    "status.behind": "▼ behind",
    "status.no_target": "– no target",
    "level.concern": "Concerns",
    "level.enterprise": "Enterprises",
    "level.chapter": "HS chapters",
    "level.heading": "Products (HS headings)",
    "level.district": "Federal districts",
    "level.region": "Russian regions",
    "crumb.all_concerns": "All concerns",
    "crumb.russia": "Russia",
    "exports.product_title": "{level}, {period} — click a bar to go down",
    "exports.product_title_last": "{level}, {period}",
    "exports.geo_title": "{level}, {period} — click a bar to go down",
    "exports.geo_title_last": "{level}, {period}",
    "exports.map_title": "Exports by Russian region, {period}",
    "exports.map_growth_title": "Growth by Russian region on last year, {period}",
    "exports.map_value": "Map: value",
    "exports.map_growth": "Map: growth",
    "exports.table_title": "{level}: value, last year, change, share",
    "exports.more": "Top {n} of {total} shown; the table lists all.",
    "exports.empty": "No exports match this filter.",
    "axis.month": "Month",
    "msg.bad_year": ("The year “{value}” has no data to compare with the year before; "
                     "choose {first}–{last}. Showing {used}."),
    "msg.bad_month": "The month “{value}” must be a number from 1 to 12. Showing {used}.",
    "msg.range_reversed": ("The period ended (month {to}) before it started (month {from}); "
                           "the two months were swapped."),
    "msg.beyond_data": ("Data for {year} reaches month {last} only; the period was cut "
                        "there."),
    "msg.unknown_codes": "Unknown {field} ignored: {values} ({n} in all).",
    "msg.too_long": "The “{field}” value was too long ({n} characters) and was ignored.",
    "msg.too_many": "The “{field}” list had {n} items; only the first 300 were used.",
    "msg.out_of_scope": "You may not see {values}; they were left out.",
    "msg.bad_level": "The view option “{value}” does not exist; the usual view is shown.",
    "msg.db_error": ("The figures could not be loaded: {reason} Try again in a minute; if "
                     "it persists, tell the administrator."),
    "msg.not_found": "There is no page at this address.",
    "msg.go_home": "Go to the Overview",
    "month.1": "January", "month.2": "February", "month.3": "March", "month.4": "April",
    "month.5": "May", "month.6": "June", "month.7": "July", "month.8": "August",
    "month.9": "September", "month.10": "October", "month.11": "November",
    "month.12": "December",
    "mon.1": "Jan", "mon.2": "Feb", "mon.3": "Mar", "mon.4": "Apr", "mon.5": "May",
    "mon.6": "Jun", "mon.7": "Jul", "mon.8": "Aug", "mon.9": "Sep", "mon.10": "Oct",
    "mon.11": "Nov", "mon.12": "Dec",
}

CATALOGUES: dict[str, dict[str, str]] = {"en": EN}


def t(key: str, lang: str = DEFAULT_LANG, **params) -> str:
    text = CATALOGUES.get(lang, EN).get(key) or EN.get(key) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def month_name(month: int, lang: str = DEFAULT_LANG, short: bool = False) -> str:
    return t(f"{'mon' if short else 'month'}.{month}", lang)
