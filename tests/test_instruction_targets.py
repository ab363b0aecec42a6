"""Tracked targets of instructions (issue 13): ``queries.instruction_metrics``.

Every metric's ``value`` is checked against the raw tables read with plain SQL and
summed here with pandas, on both engines; ``track``'s states flip at the right
thresholds (met exactly at the target, on track / at risk either side of the straight
path from the baseline, missed after the date, the figure at the deadline once its
month is loaded); and after an import that moves a tracked metric (MAZ's October 2026
exports doubled) an instruction's tracking shows the new figure and the new state.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from queries import appstore, engine, instructions
from queries import instruction_metrics as metrics
from queries.imports import dump_url, import_files, write_rows
from tests.import_files.make_corpus import MAZ
from tests.import_files.support import demo_database

MONTH = date(2026, 10, 1)      # the test data's last (complete) month
TODAY = date(2026, 12, 4)


# -- the independent computation -----------------------------------------------------------

def raw(url: str) -> dict[str, pd.DataFrame]:
    """The raw tables, as plain SQL reads them (the app's engine let go of the file)."""
    engine.reset()
    args = {"read_only": True} if url.startswith("duckdb") else {}
    eng = sa.create_engine(url, connect_args=args, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            out = {name: pd.read_sql(sa.text(f"SELECT * FROM {name}"), conn)
                   for name in ("exports", "receivable", "stock", "enterprise",
                                "target_concern")}
    finally:
        eng.dispose()
    for name in ("exports", "receivable", "stock"):
        out[name]["month"] = pd.to_datetime(out[name]["month"])
    ent = out["enterprise"][["enterprise_id", "concern_id", "oblast_id"]]
    for name in ("exports", "receivable", "stock"):
        out[name] = out[name].merge(ent, on="enterprise_id")
    return out


def _ytd(df: pd.DataFrame, month: date) -> pd.DataFrame:
    return df[(df["month"] >= pd.Timestamp(month.year, 1, 1))
              & (df["month"] <= pd.Timestamp(month))]


def expected_value(t: dict, metric: str, subject: dict, month: date = MONTH) -> float | None:
    """The metric as the module's docstring defines it, from the raw rows."""
    at = pd.Timestamp(month)
    if metric in ("overdue_concern", "overdue_oblast"):
        rec = t["receivable"][t["receivable"]["month"] == at]
        rec = rec[rec["concern_id"] == subject["concern"]] if metric == "overdue_concern" \
            else rec[rec["oblast_id"] == subject["oblast"]]
        return rec["overdue_usd"].sum() / 1e6
    if metric == "stock_concern":
        st = t["stock"][(t["stock"]["month"] == at)
                        & (t["stock"]["concern_id"] == subject["concern"])]
        return st["value_usd"].sum() / 1e6
    ex = t["exports"]
    if metric == "exports_enterprise_region":
        ex = ex[(ex["enterprise_id"] == int(subject["enterprise"]))
                & (ex["region_id"] == subject["region"])]
        return _ytd(ex, month)["value_usd"].sum() / 1e6
    if metric == "exports_product_region":
        ex = ex[(ex["heading_id"] == subject["heading"]) & (ex["region_id"] == subject["region"])]
        return _ytd(ex, month)["value_usd"].sum() / 1e6
    # fulfilment to date: this year's exports against the year's target phased by last
    # year's seasonality (the target × last year's same months / last year's whole)
    ex = ex[ex["concern_id"] == subject["concern"]]
    value = _ytd(ex, month)["value_usd"].sum()
    year_ago = date(month.year - 1, month.month, 1)
    value_ly = _ytd(ex, year_ago)["value_usd"].sum()
    ly_full = _ytd(ex, date(month.year - 1, 12, 1))["value_usd"].sum()
    tc = t["target_concern"]
    target = tc[(tc["year"] == month.year) & (tc["concern_id"] == subject["concern"])]
    if target.empty or ly_full <= 0:
        return None
    return value / (float(target["value_usd"].iloc[0]) * value_ly / ly_full) * 100


def subjects(t: dict) -> dict[str, dict]:
    """One subject per metric, chosen from the raw rows so that each has figures."""
    at = pd.Timestamp(MONTH)
    stock = t["stock"][t["stock"]["month"] == at].groupby("concern_id")["value_usd"].sum()
    ex = _ytd(t["exports"], MONTH)
    maz = int(t["enterprise"].loc[t["enterprise"]["unp"] == MAZ, "enterprise_id"].iloc[0])
    maz_region = ex[ex["enterprise_id"] == maz].groupby("region_id")["value_usd"].sum()
    pair = ex.groupby(["heading_id", "region_id"])["value_usd"].sum().idxmax()
    return {
        "overdue_concern": {"concern": "bellegprom"},
        "overdue_oblast": {"oblast": "BY-MI"},
        "stock_concern": {"concern": str(stock.idxmax())},
        "fulfilment_concern": {"concern": "belavtomaz"},
        "exports_enterprise_region": {"enterprise": maz, "region": str(maz_region.idxmax())},
        "exports_product_region": {"heading": str(pair[0]), "region": str(pair[1])},
    }


# -- value: every metric, both engines -----------------------------------------------------

def test_every_metric_is_the_raw_rows_figure(db):
    import os
    t = raw(os.environ["EXPORT_MONITOR_DB_URL"])
    chosen = subjects(t)
    assert set(chosen) == set(metrics.METRICS)
    for metric, subject in chosen.items():
        want = expected_value(t, metric, subject)
        got, month = metrics.value(metric, subject)
        assert month == MONTH, metric
        assert want is not None and want > 0, (metric, subject)
        assert got == pytest.approx(want, rel=1e-9), (metric, subject)
        # as of an earlier month (the figure at a deadline)
        earlier = date(2026, 6, 1)
        got, month = metrics.value(metric, subject, earlier)
        assert month == earlier
        assert got == pytest.approx(expected_value(t, metric, subject, earlier), rel=1e-9)
        # a month not loaded yet: no figure
        assert metrics.value(metric, subject, date(2026, 11, 1)) == (None, date(2026, 11, 1))


def test_an_unknown_metric_or_subject_is_refused(db):
    with pytest.raises(metrics.MetricError) as exc:
        metrics.value("exports_planet", {"concern": "bellegprom"})
    assert exc.value.key == "bad_metric"
    with pytest.raises(metrics.MetricError) as exc:
        metrics.check_target("overdue_concern", {"concern": "no-such"}, ("concern:no-such",))
    assert exc.value.key == "target_unknown"
    with pytest.raises(metrics.MetricError) as exc:  # the subject is none of the bodies
        metrics.check_target("overdue_concern", {"concern": "bellegprom"}, ("concern:mtz",))
    assert exc.value.key == "target_not_body"


# -- track: the thresholds ------------------------------------------------------------------

def _state(metric, subject, target, by, baseline, since):
    return metrics.track(metric, subject, target, by, baseline, since, today=TODAY)


def test_states_flip_at_the_right_thresholds(duck_db):
    t = raw(duck_db)
    falling, rising = "overdue_concern", "exports_enterprise_region"
    subj_f, subj_r = subjects(t)[falling], subjects(t)[rising]
    now_f = metrics.value(falling, subj_f)[0]  # the very float, for "exactly at"
    now_r = metrics.value(rising, subj_r)[0]
    assert now_f == pytest.approx(expected_value(t, falling, subj_f), rel=1e-9)
    since, by = date(2026, 7, 1), date(2027, 1, 31)   # October is half way: 3 of 6 months

    # met exactly at the target, and not a hair short of it
    assert _state(falling, subj_f, now_f, by, now_f + 5, since).state == "met"
    assert _state(rising, subj_r, now_r, by, now_r - 5, since).state == "met"
    short = _state(falling, subj_f, now_f - 1e-6, by, now_f + 1, since)
    assert short.state != "met"

    # around the straight path: half way from the baseline to the target
    for direction, metric, subject, now in ((-1, falling, subj_f, now_f),
                                            (+1, rising, subj_r, now_r)):
        for path, state in ((now + 0.01 * direction, "at_risk"),
                            (now - 0.01 * direction, "on_track")):
            target = path + 2 * direction      # half way: path = (baseline + target) / 2
            baseline = path - 2 * direction
            found = _state(metric, subject, target, by, baseline, since)
            assert found.state == state, (metric, path, found)
            assert found.expected == pytest.approx(path, abs=1e-9)
            assert found.current == pytest.approx(now, rel=1e-12)
            assert found.progress_pct == pytest.approx(
                (now - baseline) / (target - baseline) * 100, rel=1e-9)
            assert found.at_deadline is None  # January 2027 is not loaded

    # after the target date: missed unless reached (the date passed, its month not loaded)
    late = date(2026, 11, 30)
    assert _state(falling, subj_f, now_f - 1, late, now_f + 1, since).state == "missed"
    assert _state(falling, subj_f, now_f + 1, late, now_f + 3, since).state == "met"
    # a target date whose month is loaded: the figure at the deadline decides
    sept = expected_value(t, falling, subj_f, date(2026, 9, 1))
    found = _state(falling, subj_f, sept - 0.001, date(2026, 9, 30), sept + 1,
                   date(2026, 1, 1))
    assert found.at_deadline == pytest.approx(sept, rel=1e-9)
    assert found.state == "missed"
    found = _state(falling, subj_f, sept + 0.001, date(2026, 9, 30), sept + 1,
                   date(2026, 1, 1))
    assert found.state == "met"


# -- after an import, both engines -----------------------------------------------------------

@pytest.fixture(params=["duckdb", "postgresql"])
def private(request, tmp_path, monkeypatch):
    url, cleanup = demo_database(request, tmp_path, request.param)
    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", url)
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path}/app.sqlite")
    engine.reset()
    appstore.reset()
    appstore.upgrade()
    yield url, tmp_path
    engine.reset()
    appstore.reset()
    cleanup()


def test_tracking_follows_an_import_that_moves_the_metric(private):
    url, tmp = private
    before = raw(url)
    metric, subject = "exports_enterprise_region", subjects(before)["exports_enterprise_region"]
    v0 = expected_value(before, metric, subject)
    october = dump_url(url, "exports", (MONTH, MONTH))
    maz = october[october["enterprise"].astype(str) == MAZ]
    added = maz.loc[maz["region"] == subject["region"], "value_usd"].sum() / 1e6
    assert added > 0
    # the path's point in October half way between the figure before and after
    path = v0 + added / 2
    bodies = ("concern:belavtomaz",)
    baseline, since = metrics.check_target(metric, subject, bodies)
    assert baseline == pytest.approx(v0, rel=1e-9) and since == MONTH

    def give(target_value, path_baseline):
        target = instructions.Target(metric, subject, target_value, date(2027, 1, 31),
                                     path_baseline, date(2026, 7, 1))
        return instructions.create_instruction(
            text_="Нарастить экспорт МАЗ в регион", bodies=bodies, person="Иванов",
            deadline="2027-01-31", actor="sec", today=TODAY, target=target, scope=None)

    along = give(path + added, path - added)  # half way in October: on track once above
    reach = give(path, v0 - 10)             # met once the figure passes it

    def tracked(i):
        i = instructions.get_instruction(i.instruction_id, scope=None)
        tg = i.target
        return metrics.track(tg.metric, tg.subject, tg.value, tg.by, tg.baseline, tg.since,
                             today=TODAY)

    assert tracked(along).state == "at_risk"
    assert tracked(reach).state in ("on_track", "at_risk")
    assert tracked(along).current == pytest.approx(v0, rel=1e-9)

    fulfilment_before = metrics.value("fulfilment_concern", {"concern": "belavtomaz"})[0]
    path_file = write_rows("exports", maz.assign(value_usd=maz["value_usd"] * 2),
                           tmp / "maz_october.csv")
    result = import_files([path_file], url=url, loaded_by="test")
    assert result.loaded, result.report.text()
    engine.reset()

    after = raw(url)
    v1 = expected_value(after, metric, subject)
    assert v1 == pytest.approx(v0 + added, rel=1e-9)
    now = tracked(along)
    assert now.current == pytest.approx(v1, rel=1e-9)
    assert now.state == "on_track"
    assert tracked(reach).state == "met"
    # the concern's fulfilment moved with it, to the raw rows' new figure
    fulfilment = metrics.value("fulfilment_concern", {"concern": "belavtomaz"})[0]
    assert fulfilment == pytest.approx(
        expected_value(after, "fulfilment_concern", {"concern": "belavtomaz"}), rel=1e-9)
    assert fulfilment > fulfilment_before
