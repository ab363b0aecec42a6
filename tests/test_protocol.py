"""A meeting's protocol (issue 13): ``/meeting/<id>/protocol.docx`` and ``.pdf``.

A meeting of the default agenda is frozen, instructions are given at its steps (the
store's functions: one with a target, one extended, one without a step), then an
import changes the live figures (MAZ's October exports doubled). Both files are
downloaded, opened (python-docx, pypdf) and checked: every instruction (text, person,
deadline, target) and every key figure — the tiles the edition stored, and the main
ones computed here from the raw rows at freezing time — in Russian and English; the
figures after the import are not in them. A scoped reader's protocol lacks the others'
items and instructions; a reader without the download permission gets none; a meeting
without an edition says its figures are today's.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
import sqlalchemy as sa

from queries import appstore, engine, instructions, meetings
from queries.agenda import DEFAULT_STEPS
from queries.imports import dump_url, import_files, write_rows
from tests.import_files.make_corpus import MAZ
from tests.import_files.support import demo_database
from tests.live import chromium_available

PASSWORD = "correct horse battery staple"
SECRET = "protocol-test-secret-" + "x" * 20
TODAY = date(2026, 12, 4)
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
             "Dec")


# -- the independent side ------------------------------------------------------------------

def _sql(url: str, sql: str, **params):
    engine.reset()  # DuckDB: the app lets go of the file, this reads the file as it is
    eng = sa.create_engine(url, connect_args={"read_only": True}, poolclass=sa.pool.NullPool)
    try:
        with eng.connect() as conn:
            return conn.execute(sa.text(sql), params).scalar()
    finally:
        eng.dispose()


def _mn(usd) -> Decimal:
    return Decimal(repr(float(usd) / 1e6)).quantize(Decimal("0.1"), ROUND_HALF_EVEN)


def fmt(x: Decimal, lang: str) -> str:
    """One decimal as the pages print it: 18,176.7 (en), 18 176,7 (ru)."""
    text = f"{x:,.1f}".replace("-", "−")
    return text if lang == "en" else text.replace(",", " ").replace(".", ",")


def money(usd, lang: str) -> str:
    return fmt(_mn(usd), lang) + (" mn USD" if lang == "en" else " млн долл.")


def when(d: date, lang: str) -> str:
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}" if lang == "en" else f"{d:%d.%m.%Y}"


def raw_figures(url: str) -> dict:
    """The main figures of the default agenda's views, from the raw rows (USD)."""
    ytd = "month BETWEEN DATE '2026-01-01' AND DATE '2026-10-01'"
    return {
        "exports": _sql(url, f"SELECT SUM(value_usd) FROM exports WHERE {ytd}"),
        "bellegprom": _sql(url, "SELECT SUM(x.value_usd) FROM exports x JOIN enterprise e "
                                f"ON e.enterprise_id = x.enterprise_id WHERE {ytd} "
                                "AND e.concern_id = 'bellegprom'"),
        "overdue": _sql(url, "SELECT SUM(overdue_usd) FROM receivable "
                             "WHERE month = DATE '2026-10-01'"),
        "stock": _sql(url, "SELECT SUM(value_usd) FROM stock WHERE month = DATE '2026-10-01'"),
    }


def squash(text: str) -> str:
    return "".join(text.split())


# -- the meeting -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(request, tmp_path_factory):
    """A frozen meeting with instructions, a second one never frozen, the live data
    changed afterwards; the app in a private database and app store."""
    from flask import g

    from dashboard.app import create_app
    from dashboard.auth.session import LocalUser
    from queries import accounts
    from queries import instruction_metrics as metrics

    tmp = tmp_path_factory.mktemp("protocol")
    url, cleanup = demo_database(request, tmp, "duckdb")
    patch = pytest.MonkeyPatch()
    patch.setenv("EXPORT_MONITOR_DB_URL", url)
    patch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp}/app.sqlite")
    patch.setenv("EXPORT_MONITOR_SECRET_KEY", SECRET)
    patch.delenv("EXPORT_MONITOR_REDIS_URL", raising=False)
    engine.reset()
    appstore.reset()
    appstore.upgrade()
    app = create_app()
    app.server.secret_key = SECRET
    from dashboard.meetings import edition  # (its pages register with the app)
    accounts.add_user("sec", PASSWORD, ["secretary"])
    accounts.add_user("bel", PASSWORD, ["analyst"], concerns=["bellegprom"])
    accounts.add_user("vic", PASSWORD, ["viewer"])

    m = meetings.create_meeting("2026-12-04", "Заседание рабочей группы", "working-group",
                                bodies=("concern:bellegprom", "concern:minagro",
                                        "oblast:BY-MI"),
                                others="Министерство экономики", actor="sec")
    bare = meetings.create_meeting("2026-12-05", "Внеочередное заседание", "working-group",
                                   actor="sec")
    with app.server.test_request_context("/"):
        g.user = LocalUser(name="sec", display_name="sec")
        edition.freeze(m.meeting_id, "sec")
    frozen = raw_figures(url)
    steps = {(s.path, s.search): s.position for s in meetings.get_meeting(m.meeting_id).steps}

    baseline, month = metrics.check_target("overdue_concern", {"concern": "bellegprom"},
                                           ("concern:bellegprom",))
    target = instructions.Target("overdue_concern", {"concern": "bellegprom"}, 5.0,
                                 date(2027, 3, 31), baseline, month)

    def give(text, bodies=(), others="", person="", deadline="2027-02-01", step=None,
             meeting=m.meeting_id, target=None):
        return instructions.create_instruction(
            text_=text, bodies=bodies, others=others, person=person, deadline=deadline,
            actor="sec", today=TODAY, meeting_id=meeting, step=step, target=target,
            scope=None)

    given = {
        "retail": give("Продолжить заключение прямых договоров с крупнейшими федеральными "
                       "торговыми сетями", ("concern:belgospishcheprom", "concern:minagro"),
                       person="Петров П. П.", deadline="2027-02-01",
                       step=steps[("/", "")]),
        "overview_bel": give("Представить план по наращиванию экспорта лёгкой промышленности",
                             ("concern:bellegprom",), person="Сидорова А. В.",
                             deadline="2027-01-20", step=steps[("/", "")]),
        "overdue": give("Урегулировать просроченную задолженность =SUM(A1)\n"
                        "с облисполкомами <b>не позднее</b> срока",
                        ("concern:bellegprom",), person="Иванов И. И.",
                        deadline="2027-03-31", step=steps[("/exports", "?concern=bellegprom")],
                        target=target),
        "stock": give("Снизить запасы готовой продукции в товаропроводящей сети",
                      ("concern:belneftekhim",), person="Кузнецов К. К.",
                      deadline="2027-01-15", step=steps[("/stock", "")]),
        "colleagues": give("Выстроить систему работы с российскими коллегами",
                           others="Министерство промышленности", deadline="2027-04-01"),
        "bare": give("Подготовить справку", ("concern:bellegprom",), person="Орлов О. О.",
                     deadline="2027-01-10", meeting=bare.meeting_id, step=2),
    }
    instructions.extend(given["stock"].instruction_id, "2027-02-28",
                        "Ждём данных за январь", "sec", today=TODAY)
    given = {k: instructions.get_instruction(v.instruction_id, scope=None)
             for k, v in given.items()}

    # the live figures move: MAZ's October exports doubled
    october = dump_url(url, "exports", (date(2026, 10, 1), date(2026, 10, 1)))
    october = october[october["enterprise"].astype(str) == MAZ]
    path = write_rows("exports", october.assign(value_usd=october["value_usd"] * 2),
                      tmp / "maz_october.csv")
    assert import_files([path], url=url, loaded_by="test").loaded
    today = raw_figures(url)
    assert _mn(today["exports"]) != _mn(frozen["exports"])
    engine.reset()
    yield {"app": app, "m": meetings.get_meeting(m.meeting_id), "bare": bare, "url": url,
           "frozen": frozen, "today": today, "given": given, "steps": steps,
           "facts": meetings.edition_facts(m.meeting_id), "tmp": tmp}
    engine.reset()
    appstore.reset()
    patch.undo()
    cleanup()


def _get(client, path: str):
    resp = client.get(path)
    assert resp.status_code == 200, (path, resp.status_code, resp.data[:400])
    return resp


def docx_text(data: bytes) -> tuple[str, set[tuple[str, str]]]:
    """Every paragraph's text, and the (label, value) rows of the figures' tables."""
    import docx

    doc = docx.Document(io.BytesIO(data))
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    rows = {tuple(c.text for c in r.cells) for table in doc.tables for r in table.rows}
    return paragraphs + "\n" + "\n".join(" ".join(r) for r in rows), rows


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:  # A4: 595 × 842 pt
        assert round(float(page.mediabox.width)) == 595
        assert round(float(page.mediabox.height)) == 842
    return "\n".join(page.extract_text() for page in reader.pages)


def _contains(text: str, part: str) -> bool:
    return squash(part) in squash(text)


# -- what both files must hold -------------------------------------------------------------

def check_content(text: str, world, lang: str, rows: set | None = None) -> None:
    from dashboard.i18n import t

    m, given, frozen = world["m"], world["given"], world["frozen"]
    def has(part: str) -> bool:
        return _contains(text, part)

    assert has(t("protocol.heading", lang)) and has(m.title)
    assert has(when(m.held_on, lang))
    assert has("Формат проведения: видеоконференция" if lang == "ru"
               else "Format: videoconference")
    # participants: the bodies by name, then the free text
    assert has("Концерн «Беллегпром»" if lang == "ru" else "Bellegprom")
    assert has("Министерство экономики")
    assert has(t("protocol.basis_edition", lang, date="", time="", month="", loaded="")[:18])
    # every step's key figures as the edition stored them (label and value as shown)
    for position, entry in world["facts"]["steps"].items():
        tiles = entry["facts"][lang]["tiles"]
        for tile in tiles.values():
            if rows is not None:
                assert (tile["label"], tile["value"]) in rows, (position, tile)
            assert has(tile["label"]) and has(tile["value"]), (position, tile)
    # … and they are the raw rows' at freezing time, not today's
    assert has(money(frozen["exports"], lang))
    assert not has(money(world["today"]["exports"], lang))
    assert has(money(frozen["overdue"], lang)) and has(money(frozen["stock"], lang))
    assert has(fmt(_mn(frozen["bellegprom"]), lang))
    # every instruction given at the meeting: text, person, deadline, target
    for key in ("retail", "overview_bel", "overdue", "stock", "colleagues"):
        i = given[key]
        assert has(i.text), key
        assert has(i.instruction_id), key
        if i.person:
            assert has(i.person), key
    assert has(when(date(2027, 2, 1), lang)) and has(when(date(2027, 3, 31), lang))
    # the extended one: the deadline given at the meeting and the new one
    assert has(when(date(2027, 1, 15), lang)) and has(when(date(2027, 2, 28), lang))
    target = given["overdue"].target
    assert has(t("instr.metric.overdue_concern", lang))
    assert has(("не более " if lang == "ru" else "at most ") + fmt(Decimal("5.0"), lang))
    assert has(fmt(Decimal(repr(target.baseline)).quantize(Decimal("0.1"), ROUND_HALF_EVEN),
                   lang))
    # the one without a step comes last, after every item
    assert squash(text).rfind(squash(given["colleagues"].text)) > \
        squash(text).rfind(squash(given["stock"].text))
    # the other meeting's instruction is not in this one's protocol
    assert not has(given["bare"].text)
    # the items in the agenda's order
    titles = [s.title for s in meetings.get_meeting(m.meeting_id, lang).steps
              if s.kind == "view"]
    at = [squash(text).find(squash(f"{n}. {title}")) for n, title in enumerate(titles, 1)]
    assert -1 not in at and at == sorted(at), titles


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_docx_holds_every_instruction_and_figure_of_the_edition(world, lang):
    resp = _get(world["app"].server.test_client(),
                f"/meeting/{world['m'].meeting_id}/protocol.docx?lang={lang}")
    assert resp.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in resp.headers["Content-Disposition"]
    text, rows = docx_text(resp.data)
    check_content(text, world, lang, rows)
    # typed text stays as typed: the line break, the markup and the formula are text
    assert "=SUM(A1)\nс облисполкомами <b>не позднее</b> срока" in text


def test_russian_is_the_default(world):
    resp = _get(world["app"].server.test_client(),
                f"/meeting/{world['m'].meeting_id}/protocol.docx")
    assert "ПРОТОКОЛ заседания" in docx_text(resp.data)[0]


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="Chromium is not installed")
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_pdf_has_the_same_content(world, lang):
    import urllib.request

    from dashboard import handout
    from tests.live import live_server

    with live_server() as base:
        with urllib.request.urlopen(f"{base}/meeting/{world['m'].meeting_id}/protocol.pdf"
                                    f"?lang={lang}", timeout=120) as resp:
            assert resp.status == 200
            assert resp.headers["Content-Type"] == "application/pdf"
            data = resp.read()
    check_content(pdf_text(data), world, lang)
    assert handout.PRINTER.launches >= 1  # the handout's own browser printed it
    if lang == "ru" and shutil.which("pdftoppm"):  # a page to look at (the closing note)
        out = world["tmp"] / "protocol-ru"
        (world["tmp"] / "protocol-ru.pdf").write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                        str(world["tmp"] / "protocol-ru.pdf"), str(out)], check=True)
        assert any(world["tmp"].glob("protocol-ru*.png"))


# -- who gets what -----------------------------------------------------------------------

@pytest.fixture
def server_mode(world):
    from dashboard.auth import mode, sign_in
    sign_in.limiter.reset()
    mode.set_mode("server")
    yield world
    mode.set_mode("local")


def _signed_in(app, name: str):
    from tests.test_auth import sign_in
    client = app.server.test_client()
    assert sign_in(client, name).status_code == 303
    return client


def test_a_scoped_reader_gets_only_their_items_and_instructions(server_mode):
    from dashboard.i18n import t

    world = server_mode
    client = _signed_in(world["app"], "bel")
    given, frozen = world["given"], world["frozen"]
    for kind in ("docx", "pdf"):
        if kind == "pdf" and not chromium_available():
            continue
        resp = _get(client, f"/meeting/{world['m'].meeting_id}/protocol.{kind}?lang=en")
        text = docx_text(resp.data)[0] if kind == "docx" else pdf_text(resp.data)
        def has(part: str, text: str = text) -> bool:
            return _contains(text, part)

        # Bellegprom's own item: its figures and its instruction with the target
        assert has("Bellegprom") and has(fmt(_mn(frozen["bellegprom"]), "en"))
        assert has(given["overdue"].text) and has(given["overdue"].person)
        # the national overview: only to carry Bellegprom's instruction, no figure of it
        assert has(given["overview_bel"].text)
        assert has(t("protocol.outside", "en"))
        assert not has(money(frozen["exports"], "en")), kind
        assert not has(money(frozen["overdue"], "en")), kind
        # the others' items and instructions are not there, nor the free-text one
        for other in ("retail", "stock", "colleagues"):
            assert not has(given[other].text), (kind, other)
        assert not has("Belneftekhim: tyres") and not has("Warehouse stock")
        # participants outside the scope are counted, not named
        assert not has("Ministry of Agriculture and Food")
        assert has("more outside your access")


def test_without_the_download_permission_there_is_no_protocol(server_mode):
    world = server_mode
    viewer = _signed_in(world["app"], "vic")
    for kind in ("docx", "pdf"):
        resp = viewer.get(f"/meeting/{world['m'].meeting_id}/protocol.{kind}?lang=en")
        assert resp.status_code == 403, resp.data[:300]
        assert b"download" in resp.data
    anonymous = world["app"].server.test_client().get(
        f"/meeting/{world['m'].meeting_id}/protocol.docx")
    assert anonymous.status_code == 401


def test_each_protocol_is_audited(server_mode):
    from queries import audit

    world = server_mode
    client = _signed_in(world["app"], "sec")
    _get(client, f"/meeting/{world['m'].meeting_id}/protocol.docx?lang=de")
    found = [e for e in audit.entries(50, action="protocol") if e.action == "protocol"]
    assert found and found[0].actor == "sec"
    assert found[0].target == f"/meeting/{world['m'].meeting_id}"
    # one item per view of the default agenda (the secretary sees them all)
    assert found[0].detail == f"docx;lang=de;items={len(DEFAULT_STEPS)};instructions=5"


def test_a_meeting_without_an_edition_says_its_figures_are_todays(world):
    from dashboard.i18n import t

    client = world["app"].server.test_client()
    resp = _get(client, f"/meeting/{world['bare'].meeting_id}/protocol.docx?lang=ru")
    text = docx_text(resp.data)[0]
    assert "Редакция заседания не была зафиксирована" in text
    assert t("protocol.basis_edition", "ru", date="", time="", month="", loaded="")[:20] \
        not in text
    # today's figures: after the import, from the raw rows now
    assert money(world["today"]["exports"], "ru").replace("\u00a0", " ") in \
        text.replace("\u00a0", " ")
    assert world["given"]["bare"].text in text and "Орлов О. О." in text


def test_an_unknown_meeting_gives_a_message(world):
    client = world["app"].server.test_client()
    for path in ("/meeting/2031-01-01/protocol.docx?lang=en",
                 "/meeting/no-such/protocol.pdf?lang=ru"):
        resp = client.get(path)
        assert resp.status_code == 404
        assert resp.mimetype == "text/plain"
        assert b"Traceback" not in resp.data and resp.data.strip()


def test_the_meeting_page_links_both_files(world):
    from tests.dash_client import DashClient, page_json
    from tests.test_meetings_pages import find

    dc = DashClient(world["app"].server.test_client())
    shown = page_json(dc.page(f"/meeting/{world['m'].meeting_id}", "?lang=en"))
    for kind, label in (("docx", "Minutes (DOCX)"), ("pdf", "Minutes (PDF)")):
        link = find(shown, f"meeting-protocol-{kind}")["props"]
        assert link["href"] == f"/meeting/{world['m'].meeting_id}/protocol.{kind}?lang=en"
        assert link["children"] == label
