"""queries.support against an independent pandas computation over the raw generated rows
(``frames``), on DuckDB and (when configured) PostgreSQL; and the demonstration data's
promises (a minority uses instruments, backed exports within the exports, falling
enterprises without any)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from queries import support as q
from queries.filters import ExportFilter
from queries.scope import Scope

F = ExportFilter(year=2026, month_from=1, month_to=10)
LEVEL_COLUMN = {"instrument": "instrument_id", "concern": "concern_id",
                "enterprise": "enterprise_id", "oblast": "oblast_id",
                "district": "district_id", "region": "region_id"}
FILTERS = [
    {},
    {"concerns": ("mtz", "belavtomaz")},
    {"districts": ("CFD",)},
    {"regions": ("RU-MOW", "RU-SPE")},
    {"oblasts": ("BY-MI",), "industrial_only": True},
    {"month_from": 3, "month_to": 6},
    {"year": 2025, "month_to": 12},
    {"scope": Scope(concerns=("mtz", "gomselmash"))},
    {"scope": Scope(oblasts=("BY-HO",)), "concerns": ("belneftekhim",)},
    {"headings": ("8701",)},  # does not apply: the same figures as without it
]


def _with_dims(frames, table: str) -> pd.DataFrame:
    df = frames[table].copy()
    df["month"] = pd.to_datetime(df["month"]).dt.date
    df["region_id"] = df["region_id"].astype(str)
    ent = frames["enterprise"][["enterprise_id", "concern_id", "oblast_id", "is_industrial"]]
    reg = frames["ru_region"][["region_id", "district_id"]].astype({"region_id": str})
    return df.merge(ent, on="enterprise_id").merge(reg, on="region_id")


def _filtered(df: pd.DataFrame, f: ExportFilter) -> pd.DataFrame:
    """The filter as the page promises it: products and subjects do not apply."""
    for attr, col in (("concerns", "concern_id"), ("enterprises", "enterprise_id"),
                      ("oblasts", "oblast_id"), ("districts", "district_id"),
                      ("regions", "region_id")):
        if getattr(f, attr):
            df = df[df[col].isin(getattr(f, attr))]
    if f.industrial_only:
        df = df[df["is_industrial"]]
    if f.scope is not None:
        df = df[df["concern_id"].isin(f.scope.concerns) | df["oblast_id"].isin(f.scope.oblasts)]
    return df


def _between(df, start: date, end: date):
    return df[(df["month"] >= start) & (df["month"] <= end)]


def _expected(frames, f: ExportFilter, level: str) -> pd.DataFrame:
    s = _filtered(_with_dims(frames, "export_support"), f)
    x = _filtered(_with_dims(frames, "exports"), f)
    now, ly = _between(s, f.start, f.end), _between(s, f.start_ly, f.end_ly)
    xnow = _between(x, f.start, f.end)
    col = LEVEL_COLUMN[level]
    out = pd.DataFrame({
        "support": now.groupby(col)["support_usd"].sum(),
        "backed": now.groupby(col)["backed_exports_usd"].sum(),
        "support_ly": ly.groupby(col)["support_usd"].sum(),
        "enterprises": now.groupby(col)["enterprise_id"].nunique(),
    }).fillna(0.0)
    out = out[(out["support"] != 0) | (out["support_ly"] != 0)]
    if level == "instrument":
        out["exports"] = xnow["value_usd"].sum()
    else:
        out["exports"] = xnow.groupby(col)["value_usd"].sum().reindex(out.index).fillna(0.0)
    out.index = out.index.astype(int if level == "enterprise" else str)
    return out


@pytest.mark.parametrize("params", FILTERS, ids=[str(p) for p in FILTERS])
@pytest.mark.parametrize("level", list(LEVEL_COLUMN))
def test_breakdown_matches_the_raw_rows(db, frames, level, params):
    f = F.with_(**params)
    got = q.breakdown(f, level).set_index("key")
    want = _expected(frames, f, level)
    assert sorted(got.index) == sorted(want.index)
    for col in ("support", "backed", "support_ly", "exports"):
        np.testing.assert_allclose(got.loc[want.index, col].to_numpy(float),
                                   want[col].to_numpy(float), rtol=1e-9, atol=0.01,
                                   err_msg=col)
    assert list(got.loc[want.index, "enterprises"]) == list(want["enterprises"].astype(int))
    share = np.where(want["exports"] > 0, want["backed"] / want["exports"] * 100, np.nan)
    np.testing.assert_allclose(got.loc[want.index, "backed_share_pct"].to_numpy(float),
                               share, rtol=1e-9)
    assert list(got["support"]) == sorted(got["support"], reverse=True)


@pytest.mark.parametrize("params", FILTERS, ids=[str(p) for p in FILTERS])
@pytest.mark.parametrize("level,geo", [("concern", "district"), ("enterprise", "region")])
def test_the_page_view_against_the_raw_rows(db, frames, params, level, geo):
    """What the page shows, read together (its product levels' and total exports are
    summed from the enterprises'): every level's support and exports as the raw rows
    give them, and the KPIs' exports the filter's whole exports."""
    f = F.with_(**params)
    view = q.page_view(f, level, geo)
    for lvl, got in (("instrument", view["by_instrument"]), (level, view["product"]),
                     (geo, view["geo"])):
        got, want = got.set_index("key"), _expected(frames, f, lvl)
        assert sorted(got.index) == sorted(want.index), lvl
        for col in ("support", "backed", "exports"):
            np.testing.assert_allclose(got.loc[want.index, col].to_numpy(float),
                                       want[col].to_numpy(float), rtol=1e-9, atol=0.01,
                                       err_msg=f"{lvl} {col}")
    x = _between(_filtered(_with_dims(frames, "exports"), f), f.start, f.end)
    assert view["kpis"]["exports"] == pytest.approx(x["value_usd"].sum(), rel=1e-9)
    assert view["total"]["exports"].iloc[0] == pytest.approx(x["value_usd"].sum(), rel=1e-9)


@pytest.mark.parametrize("params", FILTERS[:5], ids=[str(p) for p in FILTERS[:5]])
def test_total_and_kpis(db, frames, params):
    f = F.with_(**params)
    by_concern = _expected(frames, f, "concern")
    total = q.breakdown(f, "total").iloc[0]
    assert total["support"] == pytest.approx(by_concern["support"].sum(), abs=0.01)
    k = q.kpis(f)
    assert k["support"] == pytest.approx(by_concern["support"].sum(), abs=0.01)
    assert k["backed"] == pytest.approx(by_concern["backed"].sum(), abs=0.01)
    s = _between(_filtered(_with_dims(frames, "export_support"), f), f.start, f.end)
    assert k["enterprises"] == s["enterprise_id"].nunique()
    x = _filtered(_with_dims(frames, "exports"), f)
    exports = _between(x, f.start, f.end)["value_usd"].sum()
    assert k["exports"] == pytest.approx(exports, rel=1e-9)
    assert k["backed_share_pct"] == pytest.approx(k["backed"] / exports * 100, rel=1e-9)
    falling = _falling(frames, f)
    assert k["falling"] == len(falling)
    assert k["falling_unsupported"] == int((~falling["supported"]).sum())


def _falling(frames, f: ExportFilter) -> pd.DataFrame:
    """Enterprises whose exports of the filter's months are below the same months last
    year, and whether they had any support row in the filter's months."""
    x = _filtered(_with_dims(frames, "exports"), f)
    now = _between(x, f.start, f.end).groupby("enterprise_id")["value_usd"].sum()
    ly = _between(x, f.start_ly, f.end_ly).groupby("enterprise_id")["value_usd"].sum()
    both = pd.DataFrame({"value": now, "value_ly": ly}).fillna(0.0)
    both["change"] = both["value"] - both["value_ly"]
    falling = both[both["change"] < 0].copy()
    s = _between(_filtered(_with_dims(frames, "export_support"), f), f.start, f.end)
    falling["supported"] = falling.index.isin(set(s["enterprise_id"]))
    return falling


@pytest.mark.parametrize("params", FILTERS[:5], ids=[str(p) for p in FILTERS[:5]])
def test_falling_without_support(db, frames, params):
    f = F.with_(**params)
    want = _falling(frames, f)
    want = want[~want["supported"]]
    got = q.falling_without_support(f)
    assert sorted(got["enterprise_id"]) == sorted(want.index)
    got = got.set_index("enterprise_id")
    np.testing.assert_allclose(got.loc[want.index, "change"], want["change"], atol=0.01)
    assert list(got["change"]) == sorted(got["change"])  # the largest loss first
    # "last support": the last month with any support row up to the filter's end
    s = _filtered(_with_dims(frames, "export_support"), f)
    s = s[s["month"] <= f.end]
    last = s.groupby("enterprise_id")["month"].max()
    for e, row in got.iterrows():
        assert row["last_support"] == (last.get(e) if e in last.index else None)
        if row["last_support"] is not None:
            assert row["last_support"] < f.start
            assert row["last_instrument"] in set(s[(s["enterprise_id"] == e) & (
                s["month"] == row["last_support"])]["instrument_id"])


@pytest.mark.parametrize("params", FILTERS[:5], ids=[str(p) for p in FILTERS[:5]])
def test_the_page_views_falling_exporters_against_the_raw_rows(db, frames, params):
    """The page's table of falling exporters without support, which the page makes
    from what it read for its other panels (its "support seen" is summed from the
    grain and the last months, not read): the same enterprises, losses and last support
    as the raw rows give, and the KPIs count them."""
    f = F.with_(**params)
    view = q.page_view(f, "concern", "district")
    want = _falling(frames, f)
    want = want[~want["supported"]]
    got = view["falling"]
    assert sorted(got["enterprise_id"]) == sorted(want.index)
    got = got.set_index("enterprise_id")
    np.testing.assert_allclose(got.loc[want.index, "change"], want["change"], atol=0.01)
    s = _filtered(_with_dims(frames, "export_support"), f)
    s = s[s["month"] <= f.end]
    last = s.groupby("enterprise_id")["month"].max()
    for e, row in got.iterrows():
        assert row["last_support"] == (last.get(e) if e in last.index else None)
    assert view["kpis"]["falling_unsupported"] == len(want)
    assert view["kpis"]["falling_unsupported_loss"] == pytest.approx(
        want["change"].sum(), abs=0.01)


def test_an_instrument_narrows_the_support_not_the_question(db, frames):
    f = F
    got = q.breakdown(f, "concern", instrument="leasing").set_index("key")
    s = _between(_with_dims(frames, "export_support"), f.start, f.end)
    s = s[s["instrument_id"] == "leasing"]
    want = s.groupby("concern_id")["support_usd"].sum()
    assert set(got.index[got["support"] > 0]) == set(want.index)
    np.testing.assert_allclose(got.loc[want.index, "support"], want, atol=0.01)


def test_monthly(db, frames):
    f = F
    got = q.monthly(f).set_index("month")
    s = _with_dims(frames, "export_support")
    assert list(got.index) == list(range(1, 11))
    for m in range(1, 11):
        this = s[s["month"] == date(2026, m, 1)]["support_usd"].sum()
        last = s[s["month"] == date(2025, m, 1)]["support_usd"].sum()
        assert got.loc[m, "support"] == pytest.approx(this, abs=0.01)
        assert got.loc[m, "support_ly"] == pytest.approx(last, abs=0.01)


def test_instruments_list_in_three_languages(db):
    for lang in ("ru", "en", "de"):
        df = q.instruments(lang)
        assert set(df["instrument_id"]) == {"export_credit", "buyer_credit", "insurance",
                                            "rate_compensation", "leasing", "exhibitions"}
        assert (df["description"].str.len() > 80).all()
    assert "Эксимгарант" in " ".join(q.instruments("ru")["description"]) or \
        "Белэксимгарант" in " ".join(q.instruments("ru")["description"])


def test_supported_enterprises_lists_their_instruments(db, frames):
    got = q.supported_enterprises(F)
    s = _between(_with_dims(frames, "export_support"), F.start, F.end)
    used = s.groupby("enterprise_id")["instrument_id"].nunique()
    assert sorted(got["key"]) == sorted(used.index)
    assert list(got.set_index("key").loc[used.index, "instruments"]) == list(used)


def test_the_demo_data_keeps_its_promises(frames):
    s, x, e = frames["export_support"], frames["exports"], frames["enterprise"]
    users = set(s["enterprise_id"])
    assert 0 < len(users) < 0.3 * len(e)  # a minority
    majors = set(e.loc[e["is_major"], "enterprise_id"])
    assert len(users & majors) / len(majors) > len(users) / len(e)  # majors more often
    # backed exports never above the enterprise's exports to that region in that month
    cells = x.groupby(["month", "enterprise_id", "region_id"], observed=True)[
        "value_usd"].sum()
    backed = s.groupby(["month", "enterprise_id", "region_id"])["backed_exports_usd"].sum()
    exported = cells.reindex(backed.index)
    assert exported.notna().all() and (backed <= exported + 0.01).all()
    assert (s["support_usd"] >= 0).all() and (s["backed_exports_usd"] > 0).all()
    assert not s.duplicated(["month", "enterprise_id", "instrument_id", "region_id"]).any()
