"""The typed filter every query takes, and its parsing from URL parameters.

``parse_filter`` never raises on user input: anything malformed, unknown or hostile is
dropped or corrected, and a ``Problem`` says what happened in words the page shows.
Nothing from the URL reaches SQL except as a value checked against the known codes
and bound as a parameter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from . import scope as access
from .dimensions import Dimensions
from .scope import Scope

MAX_PARAM_CHARS = 2000
MAX_LIST_ITEMS = 300

# URL parameter → (filter attribute, dimension level used to check its codes)
LIST_PARAMS: dict[str, tuple[str, str]] = {
    "concern": ("concerns", "concern"),
    "enterprise": ("enterprises", "enterprise"),
    "oblast": ("oblasts", "oblast"),
    "district": ("districts", "district"),
    "region": ("regions", "region"),
    "chapter": ("chapters", "chapter"),
    "heading": ("headings", "heading"),
    "subject": ("subjects", "subject"),
    "curator": ("curators", "curator"),
}

# The region code that matches no region: the filter's regions when its curators had
# none in its period (an empty tuple would mean "all regions").
NO_REGION = "—"


@dataclass(frozen=True)
class ExportFilter:
    """What the user is looking at: a period of one year and the dimension filters.

    Empty tuples mean "all". ``scope`` is what the user may see (``queries.scope``:
    concerns and/or oblasts; None: all); every query enforces it on top of the other
    filters. ``default_filter`` and ``parse_filter`` take it from the request. ``subjects`` narrows
    only what has a distribution subject (warehouse stock); export figures ignore it.
    ``curators`` narrows every figure with a Russian region through ``regions`` (see
    ``with_curators``): the queries need not know curators exist.
    """

    year: int
    month_from: int = 1
    month_to: int = 12
    concerns: tuple[str, ...] = ()
    enterprises: tuple[int, ...] = ()
    oblasts: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    chapters: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    industrial_only: bool = False   # only enterprises flagged industrial
    subjects: tuple[int, ...] = ()  # distribution-network subjects: stock only
    scope: Scope | None = None
    # curators of Russian regions (``curator=``): ``regions`` then holds the regions
    # they were assigned in the period (``curator_regions``), cut to the regions the
    # URL names itself, which ``named_regions`` keeps for links and the filter bar
    curators: tuple[int, ...] = ()
    named_regions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not (1 <= self.month_from <= self.month_to <= 12):
            raise ValueError(f"bad month range {self.month_from}-{self.month_to}")

    @property
    def start(self) -> date:
        return date(self.year, self.month_from, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month_to, 1)

    @property
    def start_ly(self) -> date:
        return date(self.year - 1, self.month_from, 1)

    @property
    def end_ly(self) -> date:
        return date(self.year - 1, self.month_to, 1)

    def with_(self, **changes) -> ExportFilter:
        return replace(self, **changes)

    def needs_enterprise(self) -> bool:
        return bool(self.enterprises) or self.industrial_only

    def needs_region(self) -> bool:
        return bool(self.regions or self.districts)

    def needs_product(self) -> bool:
        return bool(self.chapters or self.headings)

    def only_concerns(self) -> bool:
        """True when nothing but concerns (and the period) is filtered."""
        return not (self.needs_enterprise() or self.oblasts or self.needs_region()
                    or self.needs_product())

    def to_params(self) -> dict[str, str]:
        """Canonical URL parameters (sorted codes, defaults left out by the caller)."""
        out = {"year": str(self.year), "from": str(self.month_from),
               "to": str(self.month_to)}
        for param, (attr, _level) in LIST_PARAMS.items():
            values = getattr(self, attr)
            if param == "region" and self.curators:
                values = self.named_regions
            if values:
                out[param] = ",".join(sorted(str(v) for v in values))
        out["industrial"] = "1" if self.industrial_only else "0"
        return out


@dataclass(frozen=True)
class Problem:
    """Something wrong with the request; ``key`` is a message id for translation."""

    key: str
    params: dict = field(default_factory=dict)


def period_end(f: ExportFilter) -> date:
    """The last day of the filter's period (its ``end`` is the first of that month)."""
    nxt = date(f.year + (f.month_to == 12), f.month_to % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def curator_regions(assignments, curators, start: date, end: date) -> tuple[str, ...]:
    """The regions ``curators`` were assigned at any time from ``start`` to ``end``
    (days, both included): every assignment that overlaps the period counts, for the
    whole period — a region handed over in June belongs to both curators' January–
    October. ``assignments``: rows of ``curator_region`` (``Dimensions.assignments``)."""
    a = assignments
    if not len(a) or not curators:
        return ()
    start_ts, end_ts = pd.Timestamp(start), pd.Timestamp(end)
    d_from = pd.to_datetime(a["date_from"])
    d_to = pd.to_datetime(a["date_to"])
    hit = (a["curator_id"].astype(int).isin([int(c) for c in curators])
           & (d_from <= end_ts) & (d_to.isna() | (d_to >= start_ts)))
    return tuple(sorted(set(a.loc[hit, "region_id"].tolist())))


def with_curators(f: ExportFilter, dims: Dimensions, curators,
                  named_regions: tuple[str, ...] | None = None) -> ExportFilter:
    """``f`` narrowed to the Russian regions of ``curators`` in its period: the
    curators' regions, or those of ``named_regions`` (default: ``f.regions``) among
    them; ``NO_REGION`` when none is left. No curators: ``f`` with its named regions.
    ``named_regions`` default: the regions the URL named (``f.named_regions`` of a
    filter that has curators already, else ``f.regions``)."""
    if named_regions is None:
        named_regions = f.named_regions if f.curators else f.regions
    named = tuple(named_regions)
    curators = tuple(sorted({int(c) for c in curators}))
    if not curators:
        return replace(f, curators=(), named_regions=(), regions=named)
    theirs = curator_regions(dims.assignments, curators, f.start, period_end(f))
    regions = tuple(r for r in theirs if not named or r in named) or (NO_REGION,)
    return replace(f, curators=curators, named_regions=named, regions=regions)


def _clip(text: str, n: int = 40) -> str:
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= n else text[: n - 1] + "…"


def _int(value: str) -> int | None:
    value = value.strip()
    if not value.isdigit() or len(value) > 6:  # isdigit: no signs, no spaces, no SQL
        return None
    return int(value)


_REQUEST = object()  # "the request's scope" (queries.scope.current)


def default_filter(dims: Dimensions, scope=_REQUEST) -> ExportFilter:
    """The year of the last complete month (see ``dimensions.reporting``), January to
    that month: a month most enterprises have not reported yet is not the default.
    ``scope``: the request's (``queries.scope.current()``) unless given."""
    if scope is _REQUEST:
        scope = access.current()
    latest = dims.complete_month or dims.latest_month or date.today()
    return ExportFilter(year=latest.year, month_from=1, month_to=latest.month, scope=scope)


def default_month_to(dims: Dimensions, year: int) -> int:
    """The ``to`` month a page shows for ``year`` when the URL names none: the last
    complete month in its year, else the year's latest month with data, else 12."""
    for d in (dims.complete_month, dims.latest_month):
        if d is not None and d.year == year:
            return d.month
    return 12


def parse_filter(params: Mapping[str, object], dims: Dimensions,
                 scope=_REQUEST, industrial_default: bool = False
                 ) -> tuple[ExportFilter, list[Problem]]:
    """The filter of URL parameters. ``industrial_default``: what an absent
    ``industrial`` parameter means on this page (the Negative trends page looks at
    industrial enterprises unless told otherwise)."""
    problems: list[Problem] = []
    if scope is _REQUEST:
        scope = access.current()
    base = default_filter(dims, scope)
    raw: dict[str, str] = {}
    for key, value in params.items():
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        text = "" if value is None else str(value)
        if len(text) > MAX_PARAM_CHARS:
            problems.append(Problem("too_long", {"field": key, "n": len(text)}))
            continue
        raw[key] = text

    first_year = dims.first_month.year + 1 if dims.first_month else base.year
    # the first year with data has no previous year to compare with; the latest month
    # may be in a year after the default one while it is incomplete
    last_year = max(base.year, dims.latest_month.year if dims.latest_month else base.year)
    years = range(first_year, last_year + 1)
    year = base.year
    if raw.get("year", "").strip():
        parsed = _int(raw["year"])
        if parsed is None or parsed not in years:
            problems.append(Problem("bad_year", {"value": _clip(raw["year"]),
                                                 "first": years.start,
                                                 "last": years.stop - 1, "used": year}))
        else:
            year = parsed
    # an incomplete latest month can still be asked for; it is just not the default
    latest = dims.latest_month
    last_month = latest.month if latest is not None and year == latest.year else (
        base.month_to if year == base.year else 12)

    months = {}
    for param, default in (("from", 1), ("to", default_month_to(dims, year))):
        months[param] = default
        if raw.get(param, "").strip():
            parsed = _int(raw[param])
            if parsed is None or not 1 <= parsed <= 12:
                problems.append(Problem("bad_month", {"value": _clip(raw[param]),
                                                      "used": default}))
            else:
                months[param] = parsed
    m_from, m_to = months["from"], months["to"]
    if m_to < m_from:
        problems.append(Problem("range_reversed", {"from": m_from, "to": m_to}))
        m_from, m_to = m_to, m_from
    if m_to > last_month:
        problems.append(Problem("beyond_data", {"to": m_to, "last": last_month,
                                                "year": year}))
        m_to = last_month
        m_from = min(m_from, m_to)

    lists: dict[str, tuple] = {}
    for param, (attr, level) in LIST_PARAMS.items():
        text = raw.get(param, "").strip()
        if not text:
            continue
        items = [item.strip() for item in text.split(",") if item.strip()]
        if len(items) > MAX_LIST_ITEMS:
            problems.append(Problem("too_many", {"field": param, "n": len(items)}))
            items = items[:MAX_LIST_ITEMS]
        known = dims.name_of(level)
        if level in ("enterprise", "subject", "curator"):
            ids = [_int(i) for i in items]
            good = tuple(sorted({i for i in ids if i is not None and i in known}))
            bad = [s for s, i in zip(items, ids) if i is None or i not in known]
        else:
            good = tuple(sorted({i for i in items if i in known}))
            bad = [i for i in items if i not in known]
        if bad:
            problems.append(Problem("unknown_codes", {
                "field": param, "values": ", ".join(_clip(b, 24) for b in bad[:5]),
                "n": len(bad)}))
        if good:
            lists[attr] = good

    industrial = industrial_default
    flag = raw.get("industrial", "").strip()
    if flag in ("1", "0"):
        industrial = flag == "1"
    elif flag:
        problems.append(Problem("bad_flag", {"field": "industrial", "value": _clip(flag)}))

    # (the scoped dimension lists already drop what is outside; a concern scope names
    # its concerns, so a concern outside it gets this clearer message)
    if scope is not None and not scope.oblasts and "concerns" in lists:
        outside = [c for c in lists["concerns"] if c not in scope.concerns]
        if outside:
            problems.append(Problem("out_of_scope", {"values": ", ".join(outside)}))
            lists["concerns"] = tuple(c for c in lists["concerns"] if c in scope.concerns)

    curators = lists.pop("curators", ())
    flt = ExportFilter(year=year, month_from=m_from, month_to=m_to, scope=scope,
                       industrial_only=industrial, **lists)
    if curators:
        flt = with_curators(flt, dims, curators)
        if flt.regions == (NO_REGION,):
            names = dims.name_of("curator")
            problems.append(Problem("curator_no_regions", {
                "values": ", ".join(_clip(str(names.get(c, c)), 40) for c in curators)}))
    return flt, problems
