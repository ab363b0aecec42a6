"""URL parameters → typed filter: malformed and hostile values give a message and a
sensible view, never an exception."""

from __future__ import annotations

import pytest

from queries.dimensions import dimensions
from queries.filters import parse_filter
from queries.scope import Scope


@pytest.fixture
def dims(duck_db):
    return dimensions()


def keys(problems):
    return [p.key for p in problems]


def test_default_is_latest_year_to_date(dims):
    f, problems = parse_filter({}, dims)
    assert (f.year, f.month_from, f.month_to) == (2026, 1, 10)
    assert problems == []


@pytest.mark.parametrize("params,key,expected", [
    ({"to": "13"}, "bad_month", (2026, 1, 10)),
    ({"from": "0"}, "bad_month", (2026, 1, 10)),
    ({"from": "-1"}, "bad_month", (2026, 1, 10)),
    ({"year": "1999"}, "bad_year", (2026, 1, 10)),
    ({"year": "2026; DROP TABLE exports"}, "bad_year", (2026, 1, 10)),
    ({"year": "2021"}, "bad_year", (2026, 1, 10)),  # no year before it to compare with
    ({"from": "9", "to": "3"}, "range_reversed", (2026, 3, 9)),
    ({"to": "12"}, "beyond_data", (2026, 1, 10)),
    ({"year": "2025", "to": "12"}, None, (2025, 1, 12)),
])
def test_period_values(dims, params, key, expected):
    f, problems = parse_filter(params, dims)
    assert (f.year, f.month_from, f.month_to) == expected
    assert keys(problems) == ([key] if key else [])


def test_unknown_and_hostile_codes_are_dropped(dims):
    concern = dims.concerns["concern_id"].iloc[0]
    f, problems = parse_filter({"concern": f"{concern},' OR 1=1 --,nope",
                                "region": "RU-MOW,RU-XXX", "enterprise": "1e3,abc"}, dims)
    assert f.concerns == (concern,)
    assert f.regions == ("RU-MOW",)
    assert f.enterprises == ()
    assert keys(problems) == ["unknown_codes"] * 3
    assert "OR 1=1" in problems[0].params["values"]


def test_absurd_lengths(dims):
    f, problems = parse_filter({"concern": "x" * 100_000, "district": ",".join(["CFD"] * 350)},
                               dims)
    assert f.concerns == ()
    assert f.districts == ("CFD",)
    assert set(keys(problems)) == {"too_long", "too_many"}


def test_scope_limits_concerns(dims):
    a, b = dims.concerns["concern_id"].iloc[:2]
    f, problems = parse_filter({"concern": f"{a},{b}"}, dims, scope=Scope(concerns=(a,)))
    assert f.concerns == (a,)
    assert f.scope == Scope(concerns=(a,))
    assert keys(problems) == ["out_of_scope"]
