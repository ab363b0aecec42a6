"""A body's expectations on its Overview, through the Flask server: one concern's
submissions in the league's place (checked against the generated rows), an oblast's
chart beside the league of its concerns, the nation's league with the expectation
column — and a bad value never a 500."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.dash_client import page_json
from tests.test_same_number import _find


def _latest_year(frames) -> int:
    return int(pd.Timestamp(frames["expectation_concern"]["month"].max()).year)


def test_one_concerns_view_lists_its_submissions(dash_client, frames):
    ex = frames["expectation_concern"]
    year = _latest_year(frames)
    mine = ex[(ex["concern_id"] == "mtz") & (pd.to_datetime(ex["month"]).dt.year == year)]
    assert len(mine) >= 2
    to = int(pd.to_datetime(mine["month"]).dt.month.max())
    layout = page_json(dash_client.page("/", f"?concern=mtz&year={year}&to={to}&lang=en"))
    assert _find(layout, "league-grid") is None  # the league would hold one row
    assert _find(layout, "expect-history-chart") is not None
    grid = _find(layout, "expect-history-grid")
    rows = grid["rowData"]
    # newest first, one row per submission, the amount in mn USD rounded once
    want = (mine.assign(m=pd.to_datetime(mine["month"]).dt.month)
            .sort_values("m", ascending=False))
    assert [r["month_no"] for r in rows] == want["m"].tolist()
    assert [r["expected_mn"] for r in rows] == pytest.approx(
        (want["expected_usd"] / 1e6).round(1).tolist(), abs=0.051)
    # the expectation in % of the concern's target
    target = frames["target_concern"]
    t = float(target[(target["year"] == year) & (target["concern_id"] == "mtz")]
              ["value_usd"].iloc[0])
    assert [r["expected"] for r in rows] == pytest.approx(
        (want["expected_usd"] / t * 100).round(1).tolist(), abs=0.051)


def test_an_oblasts_view_keeps_the_league_and_shows_its_history(dash_client, frames):
    year = _latest_year(frames)
    layout = page_json(dash_client.page("/", f"?oblast=BY-BR&year={year}&lang=ru"))
    assert _find(layout, "league-grid") is not None
    chart = _find(layout, "expect-history-chart")
    assert chart is not None
    names = [tr.get("name") for tr in chart["figure"]["data"]]
    assert len(names) == 3 and all(names)


def test_the_league_carries_each_concerns_latest_expectation(dash_client, frames):
    ex = frames["expectation_concern"]
    year = _latest_year(frames)
    months = pd.to_datetime(ex["month"])
    to = int(months[months.dt.year == year].dt.month.max())
    layout = page_json(dash_client.page("/", f"?year={year}&to={to}&lang=de"))
    rows = {r["key"]: r for r in _find(layout, "league-grid")["rowData"]}
    latest = (ex[(months.dt.year == year) & (months.dt.month <= to)]
              .sort_values("month").groupby("concern_id").tail(1).set_index("concern_id"))
    target = frames["target_concern"]
    target = target[target["year"] == year].set_index("concern_id")["value_usd"]
    checked = 0
    for concern, row in rows.items():
        if concern in latest.index and concern in target.index and row.get("expected") is not None:
            want = round(float(latest.loc[concern, "expected_usd"]) / target[concern] * 100, 1)
            assert row["expected"] == pytest.approx(want, abs=0.051), concern
            checked += 1
    assert checked >= 3


@pytest.mark.parametrize("search", ["?concern=mtz&year=abc", "?concern=%3Cscript%3E",
                                    "?oblast=BY-XX&concern=mtz", "?concern=mtz&to=99"])
def test_bad_values_give_a_page(dash_client, search):
    resp = dash_client.page("/", search)
    assert resp.status_code == 200
