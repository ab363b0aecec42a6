"""Short names and self-describing views: the dimensions' short display names on both
engines, the enterprises template carrying them through an import, Russian screens
without English product names, titles that say filter, period and unit, and the
presentation map naming its leading regions with their values — each checked against
the raw generated rows (fixture ``frames``) or the reference files, never against the
code under test."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard.formatting import mn
from queries import engine
from queries.dimensions import dimensions
from queries.imports import dump_url, import_files, write_rows
from tests.dash_client import page_json, texts
from tests.import_files.support import demo_database

PERIOD = "year=2026&from=1&to=10"


def _expected_short(frame: pd.DataFrame, key: str, lang: str) -> dict:
    """code → the short name in the raw rows, else the full name the language has."""
    full = f"name_{lang}" if f"name_{lang}" in frame.columns else "name_en"
    out = {}
    for row in frame.to_dict("records"):
        short = row.get(f"short_name_{lang}")
        out[row[key]] = short if isinstance(short, str) and short else row[full]
    return out


@pytest.mark.parametrize("lang", ["ru", "en", "de"])
def test_short_names_of_every_dimension(db, frames, lang):
    dims = dimensions()
    for level, table, key in (("concern", "concern", "concern_id"),
                              ("enterprise", "enterprise", "enterprise_id"),
                              ("oblast", "by_oblast", "oblast_id"),
                              ("district", "federal_district", "district_id"),
                              ("region", "ru_region", "region_id")):
        want = _expected_short(frames[table], key, lang)
        got = dims.short_name_of(level, lang)
        assert got == {k: want[k] for k in got}, level
        assert len(got) == len(frames[table])
    used = set(frames["exports"]["heading_id"])
    heads = frames["hs_heading"][frames["hs_heading"]["heading_id"].isin(used)]
    assert dims.short_name_of("heading", lang) == _expected_short(heads, "heading_id", lang)


def test_the_named_short_forms(db):
    """The forms the working group asked for, from the reference lists."""
    dims = dimensions()
    ru = {level: dims.short_name_of(level, "ru") for level in
          ("concern", "district", "region", "heading", "oblast")}
    assert ru["concern"]["belneftekhim"] == "Белнефтехим"
    assert ru["concern"]["mtz"] == "МТЗ"
    assert ru["concern"]["belaz"] == "БелАЗ"
    assert ru["concern"]["bellegprom"] == "Беллегпром"
    assert ru["district"]["CFD"] == "ЦФО"
    assert ru["region"]["RU-LEN"] == "Ленинградская обл."
    assert ru["heading"]["4011"] == "Шины"
    assert dims.short_name_of("heading", "de")["4011"] == "Reifen"
    # tables keep the full names; HS text in Russian is this project's short name
    assert dims.name_of("concern", "ru")["belneftekhim"] == "Концерн «Белнефтехим»"
    assert dims.name_of("heading", "en")["4011"] == "New pneumatic tyres, of rubber"
    assert dims.name_of("heading", "ru")["4011"] == "Шины"


def test_every_heading_and_chapter_of_the_demo_has_russian_and_german_names(frames):
    head = frames["hs_heading"].set_index("heading_id")
    used = sorted(set(frames["exports"]["heading_id"]) | set(frames["stock"]["heading_id"]))
    for lang in ("ru", "en", "de"):
        missing = [h for h in used if not isinstance(head.loc[h, f"short_name_{lang}"], str)]
        assert not missing, (lang, missing)
    chap = frames["hs_chapter"].set_index("chapter_id")
    for c in sorted({h[:2] for h in used}):
        assert isinstance(chap.loc[c, "short_name_ru"], str), c
        assert isinstance(chap.loc[c, "short_name_de"], str), c


@pytest.fixture(params=["duckdb", "postgresql"])
def copy_db(request, tmp_path):
    url, clean = demo_database(request, tmp_path, request.param)
    yield url
    clean()
    engine.reset()


def test_enterprises_template_carries_short_names(copy_db, tmp_path, monkeypatch, frames):
    """Dump the enterprises in the template, set short names of two (and clear one),
    import: the dimensions show exactly those; a file without the columns keeps them."""
    path = write_rows("enterprises", dump_url(copy_db, "enterprises"),
                      tmp_path / "enterprises.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in ("short_name_ru", "short_name_en", "short_name_de"):
        assert col in table.columns
    ent = frames["enterprise"].set_index("enterprise_id")
    # the dump carries the generated short names as they are
    first = int(table["enterprise_id"].iloc[0])
    assert table["short_name_ru"].iloc[0] == ent.loc[first, "short_name_ru"]
    a, b = int(table["enterprise_id"].iloc[1]), int(table["enterprise_id"].iloc[2])
    table.loc[1, ["short_name_ru", "short_name_en", "short_name_de"]] = [
        "Тест-Ру", "Test-En", "Test-De"]
    table.loc[2, ["short_name_ru", "short_name_en", "short_name_de"]] = ["", "", ""]
    edited = tmp_path / "enterprises_edited.csv"
    table.to_csv(edited, index=False, encoding="utf-8")
    result = import_files([edited], url=copy_db, loaded_by="test")
    assert result.loaded, result.report.text()

    monkeypatch.setenv("EXPORT_MONITOR_DB_URL", copy_db)
    engine.reset()
    dims = dimensions()
    assert dims.short_name_of("enterprise", "ru")[a] == "Тест-Ру"
    assert dims.short_name_of("enterprise", "en")[a] == "Test-En"
    assert dims.short_name_of("enterprise", "de")[a] == "Test-De"
    # an empty cell: no short name, the full name is shown
    assert dims.short_name_of("enterprise", "ru")[b] == ent.loc[b, "name_ru"]
    assert dims.short_name_of("enterprise", "de")[b] == ent.loc[b, "name_en"]
    assert dims.short_name_of("enterprise", "ru")[first] == ent.loc[first, "short_name_ru"]

    # a correction file without the short-name columns keeps what the database has
    plain = table.drop(columns=["short_name_ru", "short_name_en", "short_name_de"])
    plain.loc[1, "city"] = "Minsk"
    plain_path = tmp_path / "enterprises_plain.csv"
    plain.to_csv(plain_path, index=False, encoding="utf-8")
    result = import_files([plain_path], url=copy_db, loaded_by="test")
    assert result.loaded, result.report.text()
    engine.reset()
    assert dimensions().short_name_of("enterprise", "ru")[a] == "Тест-Ру"


def _figure(resp, graph_id: str) -> dict:
    from tests.test_downloads import find_component
    props = find_component(page_json(resp), graph_id)
    assert props is not None, graph_id
    return props["figure"]


def _title(fig: dict) -> str:
    """The title as the chart shows it: its text and, below, its subtitle (a long
    title's second line is laid out as the subtitle)."""
    title = fig["layout"].get("title") or {}
    if not isinstance(title, dict):
        return str(title)
    return " ".join([title.get("text", ""), (title.get("subtitle") or {}).get("text", "")])


def test_step_four_says_it_shows_tyres_hs_4011(dash_client, frames):
    """Belneftekhim's tyres: the page names the concern and HS 4011 in words, the period,
    and every chart title its unit."""
    resp = dash_client.page("/exports", f"?concern=belneftekhim&heading=4011&{PERIOD}&lang=ru")
    data = page_json(resp)
    caption = " ".join(texts(_find(data, "view-caption")))
    assert "Белнефтехим · шины (4011)" in caption
    assert "январь–октябрь 2026 г." in caption
    for graph in ("product-bars", "geo-bars"):
        assert "млн долл." in _title(_figure(resp, graph)), graph
    assert "январь–октябрь 2026" in _title(_figure(resp, "product-bars"))
    # in English and German too
    en = dash_client.page("/exports", f"?concern=belneftekhim&heading=4011&{PERIOD}&lang=en")
    assert "Belneftekhim · tyres (4011)" in " ".join(texts(_find(page_json(en), "view-caption")))
    assert "mn USD" in _title(_figure(en, "product-bars"))
    de = dash_client.page("/exports", f"?concern=belneftekhim&heading=4011&{PERIOD}&lang=de")
    assert "Belneftechim · Reifen (4011)" in " ".join(
        texts(_find(page_json(de), "view-caption")))


def test_agenda_step_four_names_hs_4011(dash_client):
    text = " ".join(texts(page_json(dash_client.page("/agenda/working-group/4", "?lang=ru"))))
    assert "шины (4011)" in text


def _find(node, component_id):
    from tests.test_downloads import find_component
    found = find_component(node, component_id)
    assert found is not None, component_id
    return found


def test_charts_use_short_names_and_tables_full_ones(dash_client, frames):
    resp = dash_client.page("/exports", f"?{PERIOD}&lang=ru")
    bars = _figure(resp, "product-bars")["data"][0]["y"]
    concerns = frames["concern"].set_index("concern_id")
    assert "Белнефтехим" in bars
    assert concerns.loc["belneftekhim", "name_ru"] not in bars
    grid = _find(page_json(resp), "exports-grid")
    labels = {r["label"] for r in grid["rowData"]}
    assert concerns.loc["belneftekhim", "name_ru"] in labels
    geo = _figure(resp, "geo-bars")["data"][0]["y"]
    assert "ЦФО" in geo


def _region_values(frames, lo: str, hi: str) -> pd.Series:
    ex = frames["exports"]
    months = pd.to_datetime(ex["month"])
    part = ex[(months >= lo) & (months <= hi)]
    return part.groupby("region_id")["value_usd"].sum().sort_values(ascending=False)


@pytest.mark.parametrize("lang", ["ru", "de"])
def test_presentation_map_names_the_leading_regions_with_values(dash_client, frames, lang):
    resp = dash_client.page("/exports", f"?{PERIOD}&present=1&lang={lang}")
    fig = _figure(resp, "region-map")
    lines = [a["text"] for a in fig["layout"].get("annotations", []) if a.get("name") == "leader"]
    values = _region_values(frames, "2026-01-01", "2026-10-01")
    top = list(values.index[:5])
    short = frames["ru_region"].set_index("region_id")[f"short_name_{lang}"]
    assert len(lines) == 5
    for i, (line, region) in enumerate(zip(lines, top), start=1):
        assert line.startswith(f"<b>{i}.</b> {short[region]}  "), line
        assert line.endswith(f"<b>{mn(values[region], lang)}</b>"), line
    # the normal theme keeps the map without the list
    plain = _figure(dash_client.page("/exports", f"?{PERIOD}&lang={lang}"), "region-map")
    assert not [a for a in plain["layout"].get("annotations") or [] if a.get("name") == "leader"]


def test_presentation_stock_and_receivables_maps_name_their_leaders(dash_client, frames):
    st = frames["stock"]
    latest = pd.to_datetime(st["month"]).max()
    cur = st[pd.to_datetime(st["month"]) == latest].merge(
        frames["dist_subject"][["subject_id", "region_id"]], on="subject_id")
    by_region = cur.groupby("region_id")["value_usd"].sum().sort_values(ascending=False)
    short = frames["ru_region"].set_index("region_id")["short_name_en"]
    resp = dash_client.page("/stock", f"?{PERIOD}&present=1&lang=en")
    fig = _figure(resp, "stock-map")
    lines = [a["text"] for a in fig["layout"].get("annotations", []) if a.get("name") == "leader"]
    assert lines, "no leaders on the stock map"
    for i, (line, region) in enumerate(zip(lines, by_region.index), start=1):
        assert line == f"<b>{i}.</b> {short[region]}  <b>{mn(by_region[region], 'en')}</b>"

    rc = frames["receivable"]
    m = pd.to_datetime(rc["month"])
    cur = rc[m == m.max()]
    overdue = cur.groupby("region_id")["overdue_usd"].sum()
    overdue = overdue[overdue > 0].sort_values(ascending=False)
    resp = dash_client.page("/receivables", f"?{PERIOD}&present=1&lang=en")
    fig = _figure(resp, "rcv-map")
    lines = [a["text"] for a in fig["layout"].get("annotations", []) if a.get("name") == "leader"]
    assert len(lines) == 3
    for i, (line, region) in enumerate(zip(lines, overdue.index), start=1):
        assert line == f"<b>{i}.</b> {short[region]}  <b>{mn(overdue[region], 'en')}</b>"
        assert not math.isnan(overdue[region])


def test_outdated_demo_file_is_rebuilt_but_imported_data_is_kept(tmp_path):
    """A DuckDB file without the short-name columns: rebuilt when it holds only generated
    data, refused (left as it is) when it holds imported data."""
    import sqlalchemy as sa

    from queries.demo import build

    def old_file(path, kinds):
        eng = sa.create_engine(f"duckdb:///{path}")
        with eng.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE concern (concern_id VARCHAR PRIMARY KEY, "
                                 "name_en VARCHAR, name_ru VARCHAR, kind VARCHAR)")
            conn.exec_driver_sql("CREATE TABLE load_log (kind VARCHAR, outcome VARCHAR)")
            for k in kinds:
                conn.exec_driver_sql(f"INSERT INTO load_log VALUES ('{k}', 'loaded')")
        eng.dispose()

    imported = tmp_path / "imported.duckdb"
    old_file(imported, ["demo", "exports"])
    assert not build.is_current(imported)
    before = imported.read_bytes()
    with pytest.raises(build.OutdatedDatabase, match="holds imported data"):
        build.ensure_demo_database(imported)
    assert imported.read_bytes() == before
    assert build.main(["--if-missing", "--url", f"duckdb:///{imported}"]) == 1
