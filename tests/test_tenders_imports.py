"""The tenders and tender_bids imports on both engines: row-numbered problems and
nothing loaded for a bad file; a tenders file upserts by notice number; a bids file
replaces exactly the bids of the procurements it names; both in one import; the load
log; and the round trip (dump → template file → import into an empty database → the
same rows). The template examples themselves are checked, with every kind, by
tests/test_import_templates.py (``-k tender``)."""

from __future__ import annotations

import pandas as pd
import pytest

from queries import schema
from queries.imports import dump_url, import_files, write_rows
from tests.import_files.support import demo_database, empty_database, log_rows, read_tables

HEAD_T = "notice_no;customer;region;subject;law;notice_date;deadline;initial_usd\n"
HEAD_B = "notice_no;enterprise;bid_usd;outcome;loss_reason\n"


@pytest.fixture(params=["duckdb", "postgresql"])
def url(request, tmp_path):
    url, clean = demo_database(request, tmp_path, request.param)
    yield url
    clean()


def _csv(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _tables(url):
    got = read_tables(url, [schema.procurement, schema.tender_bid, schema.enterprise])
    return got["procurement"], got["tender_bid"], got["enterprise"]


def test_a_bad_tenders_file_loads_nothing_and_names_each_row(url, tmp_path):
    before = _tables(url)[0]
    path = _csv(tmp_path, "bad_tenders.csv", HEAD_T +
                "0321300001126000900;МУП «Тест»;RU-STA;buses;44-FZ;2026-03-10;2026-03-01;100000\n"
                "12AB;МУП «Тест»;RU-ZZZ;ships;77-FZ;2026-03-10;2026-03-30;-5\n"
                "0321300001126000900;МУП «Тест»;RU-STA;buses;44-FZ;2099-01-01;2099-02-01;1\n")
    result = import_files([path], url=url, loaded_by="test")
    assert not result.loaded
    text = result.report.text()
    for expected in ("row 2", "deadline is before the notice date (2026-03-10)",
                     "row 3", "digits only", "not one of the allowed values", "negative",
                     "row 4", "in the future", "appears"):
        assert expected.lower() in text.lower(), (expected, text)
    pd.testing.assert_frame_equal(_tables(url)[0], before)
    assert log_rows(url)["outcome"].iloc[-1] == "rejected"


def test_a_bad_bids_file_loads_nothing(url, tmp_path):
    proc, bids, ents = _tables(url)
    maz = ents.loc[ents["name_en"] == "MAZ (Minsk Automobile Plant)", "unp"].iloc[0]
    some = proc["notice_no"].iloc[0]
    initial = proc["initial_usd"].iloc[0]
    path = _csv(tmp_path, "bad_bids.csv", HEAD_B +
                f"{some};{maz};1000;lost;\n"                     # reason missing
                f"{some};{maz};1000;won;price\n"                 # duplicate, reason not allowed
                f"99999999999;{maz};1000;won;\n"                 # unknown notice
                f"{some};999999999;;won;\n"                      # unknown enterprise, no bid
                f"{some};BelAZ;{initial * 2:.0f};lost;localization\n")  # above initial, bad code
    result = import_files([path], url=url, loaded_by="test")
    assert not result.loaded
    text = result.report.text()
    # an unknown reason code is that, not a missing reason
    assert text.count("needs a reason") == 1, text
    for expected in ("needs a reason", "Only a lost or not admitted bid has a reason",
                     "No procurement has this notice number", "No enterprise has this",
                     "A won bid needs its value", "above the procurement's initial value",
                     "not one of the allowed values", "more than one row"):
        assert expected.lower() in text.lower(), (expected, text)
    pd.testing.assert_frame_equal(_tables(url)[1], bids)


def test_a_bids_file_without_its_optional_reason_column_says_which_rows_need_one(
        url, tmp_path):
    """The loss_reason column is optional (won bids have none); a file without it whose
    lost bids therefore have no reason is refused row by row, not with an error."""
    proc, bids, ents = _tables(url)
    maz = ents.loc[ents["name_en"] == "MAZ (Minsk Automobile Plant)", "unp"].iloc[0]
    some = proc["notice_no"].iloc[0]
    path = _csv(tmp_path, "bids_no_reason.csv", "notice_no;enterprise;bid_usd;outcome\n"
                f"{some};{maz};1000;won\n"
                f"{proc['notice_no'].iloc[1]};{maz};1000;lost\n")
    result = import_files([path], url=url, kind="tender_bids", loaded_by="test")
    assert not result.loaded
    text = result.report.text()
    assert text.count("needs a reason") == 1 and "row 3" in text, text
    pd.testing.assert_frame_equal(_tables(url)[1], bids)


def test_tenders_and_bids_in_one_import_upsert_and_replace(url, tmp_path):
    proc, bids, ents = _tables(url)
    unp = dict(zip(ents["name_en"], ents["unp"]))
    old = proc.iloc[0]
    kept_bids = bids[bids["procurement_id"] != old["procurement_id"]]
    tenders = _csv(tmp_path, "t.csv", HEAD_T +
                   f"{old['notice_no']};{old['customer']} (исправлено);{old['region_id']};"
                   f"{old['subject']};{old['law']};{old['notice_date']};{old['deadline']};"
                   f"{old['initial_usd']}\n"
                   "0321300001126000901;МУП «Новый заказчик»;Stavropol Krai;trolleybuses;44-fz;"
                   "10.03.2026;31.03.2026;5 000 000\n")
    bid_file = _csv(tmp_path, "b.csv", HEAD_B +
                    f"{old['notice_no']};{unp['Amkodor']};1000;not_admitted;documents\n"
                    f"0321300001126000901;{unp['MAZ (Minsk Automobile Plant)']};4900000;"
                    "lost;localisation\n"
                    f"0321300001126000901;{unp['Amkodor']};;cancelled;\n")
    result = import_files([bid_file, tenders], url=url, loaded_by="test")
    assert result.loaded, result.report.text()
    proc2, bids2, _ = _tables(url)
    assert len(proc2) == len(proc) + 1
    fixed = proc2.set_index("notice_no").loc[old["notice_no"]]
    assert fixed["procurement_id"] == old["procurement_id"]
    assert fixed["customer"].endswith("(исправлено)")
    new = proc2.set_index("notice_no").loc["0321300001126000901"]
    assert new["procurement_id"] == proc["procurement_id"].max() + 1
    assert new["region_id"] == "RU-STA" and new["law"] == "44-FZ"
    assert new["initial_usd"] == 5_000_000
    # the bids of the two notices named are replaced, every other bid stays
    named = {int(old["procurement_id"]), int(new["procurement_id"])}
    rest = bids2[~bids2["procurement_id"].isin(named)]
    key = ["procurement_id", "enterprise_id"]
    pd.testing.assert_frame_equal(rest.sort_values(key).reset_index(drop=True),
                                  kept_bids.sort_values(key).reset_index(drop=True))
    mine = bids2[bids2["procurement_id"].isin(named)].sort_values(key)
    assert len(mine) == 3
    assert set(mine["outcome"]) == {"not_admitted", "lost", "cancelled"}
    assert mine["bid_usd"].isna().sum() == 1
    log = log_rows(url).tail(2)
    assert set(log["kind"]) == {"tenders", "tender_bids"} and set(log["outcome"]) == {"loaded"}
    # the same files again change nothing
    again = import_files([bid_file, tenders], url=url, loaded_by="test")
    assert again.loaded
    p3, b3, _ = _tables(url)
    pd.testing.assert_frame_equal(p3.sort_values("procurement_id").reset_index(drop=True),
                                  proc2.sort_values("procurement_id").reset_index(drop=True))
    assert len(b3) == len(bids2)


@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_round_trip_into_an_empty_database(request, tmp_path, backend):
    source, clean_source = demo_database(request, tmp_path, backend)
    target, clean_target = empty_database(tmp_path, backend)
    try:
        files = [write_rows(kind, dump_url(source, kind), tmp_path / f"{kind}.{ext}")
                 for kind, ext in (("enterprises", "xlsx"), ("tenders", "xlsx"),
                                   ("tender_bids", "csv"))]
        result = import_files(files, url=target, loaded_by="roundtrip")
        assert result.loaded, result.report.text()
        a, b = (read_tables(u, [schema.procurement, schema.tender_bid])
                for u in (source, target))
        for name, keys in (("procurement", ["procurement_id"]),
                           ("tender_bid", ["procurement_id", "enterprise_id"])):
            left = a[name].sort_values(keys).reset_index(drop=True)
            right = b[name].sort_values(keys).reset_index(drop=True)
            pd.testing.assert_frame_equal(left, right, check_dtype=False)
    finally:
        clean_target()
        clean_source()
