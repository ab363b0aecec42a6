"""The instructions' pages over HTTP in server mode (tests/test_auth.py's ``server``: the
Flask test client on the DuckDB test data and a private SQLite app store), with
instructions made in the store beforehand.

What is proved here:
* ``/instructions`` lists what the reader may see, with its counts — for an unscoped
  secretary every instruction, for a user scoped to a concern or an oblast only that
  body's: not in the list, not in the counts, not by id, not in the badge, not in the
  file (every figure checked against the instructions made here, not the code's own);
* the filters (status, body, meeting, overdue only) and the grouping are URL
  parameters; bad values give a message, never a 500; an unknown id gives a message;
* CSV and XLSX (openpyxl) hold the selection, a text starting with "=" neutralised;
  the download needs the download permission and is audited;
* the badge on a page counts the open instructions of the filtered concern, oblast or
  enterprise; nothing without a body in the filter;
* the enterprise card lists the instructions of its concern and oblast, open first.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import openpyxl
import pytest

from tests.dash_client import DashClient, page_json, texts
from tests.test_auth import PASSWORD, server, signed_in  # noqa: F401 (the fixture)

TODAY = date.today()
MEETING = "2026-12-04"


def find(node, node_id):
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and props.get("id") == node_id:
            return node
        for value in node.values():
            hit = find(value, node_id)
            if hit is not None:
                return hit
    elif isinstance(node, list):
        for item in node:
            hit = find(item, node_id)
            if hit is not None:
                return hit
    return None


def ids_with(node, prefix: str) -> list[str]:
    out = []
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and isinstance(props.get("id"), str) \
                and props["id"].startswith(prefix):
            out.append(props["id"][len(prefix):])
        for value in node.values():
            out += ids_with(value, prefix)
    elif isinstance(node, list):
        for item in node:
            out += ids_with(item, prefix)
    return out


def joined(node) -> str:
    return " | ".join(texts(node))


@pytest.fixture
def made(server):  # noqa: F811
    """A secretary and a set of instructions: Bellegprom (open; overdue together with
    the Minsk oblast; with a tracked target), the analyst's concern (a text that is a
    formula), the viewer's oblast (done), free text only, a cancelled one, and one given
    at a meeting's step 3."""
    from queries import accounts, meetings
    from queries import instruction_metrics as metrics
    from queries import instructions as store

    accounts.add_user("sec", PASSWORD, ["secretary"])
    mine, theirs = server["concern"], server["oblast"]   # ana's concern, vic's oblast
    m = meetings.create_meeting(MEETING, "December meeting", "working-group", actor="sec")

    def new(text, bodies=(), others="", days=30, since=None, **kw):
        return store.create_instruction(
            text_=text, bodies=bodies, others=others, person="I. Ivanov",
            deadline=TODAY + timedelta(days=days), actor="sec", scope=None,
            today=since, **kw).instruction_id

    baseline, month = metrics.check_target("overdue_concern", {"concern": "bellegprom"},
                                           ("concern:bellegprom",))
    target = store.Target("overdue_concern", {"concern": "bellegprom"},
                          round(baseline * 0.5, 3), TODAY + timedelta(days=200),
                          baseline, month)
    keys = {
        "open": new("Bellegprom to settle overdue receivables", ["concern:bellegprom"]),
        "late": new("Report on the contracts with retail chains",
                    ["concern:bellegprom", "oblast:BY-MI"], days=-10,
                    since=TODAY - timedelta(days=40)),
        "target": new("Halve the overdue receivables", ["concern:bellegprom"], days=200,
                      target=target),
        "formula": new("=1+2 is no formula here", [f"concern:{mine}"]),
        "done": new("Oblast committee to report", [f"oblast:{theirs}"]),
        "free": new("Ministry of Economy to review", others="Ministry of Economy"),
        "cancel": new("Belneftekhim tyres", ["concern:belneftekhim"]),
        "meeting": new("Given at the meeting", ["concern:belgospishcheprom"],
                       meeting_id=m.meeting_id, step=3),
    }
    store.report(keys["done"], "Done as asked", "letter 12/3", "sec", scope=None)
    store.accept(keys["done"], "sec")
    store.cancel(keys["cancel"], "No longer needed", "sec")
    return {**server, "keys": keys, "meeting": m, "mine": mine, "theirs": theirs}


def page(client, path: str, search: str = "?lang=en"):
    return page_json(DashClient(client).page(path, search))


def listed(client, search: str = "") -> list[str]:
    """Every key the list shows over all its pages (grouped by deadline: once each)."""
    keys, n = [], 1
    while True:
        sep = "&" if search else ""
        layout = page(client, "/instructions", f"?lang=en&by=deadline{sep}{search}&page={n}")
        keys += ids_with(layout, "instr-row-")
        if find(layout, "instr-next") is None:
            return keys
        n += 1


def counts_of(client, search: str = "") -> str:
    layout = page(client, "/instructions", "?lang=en" + (f"&{search}" if search else ""))
    return joined(find(layout, "instr-counts"))


# -- the list -------------------------------------------------------------------------------

def test_an_unscoped_secretary_sees_every_instruction_with_its_counts(made):
    client = signed_in(made["app"], "sec")
    k = made["keys"]
    assert sorted(listed(client)) == sorted(k.values())
    assert counts_of(client) == (f"{len(k)} instructions · {len(k) - 2} open · 1 overdue · "
                                 "1 done · 1 cancelled")
    # overdue first; done and cancelled last
    order = listed(client)
    assert order[0] == k["late"] and set(order[-2:]) == {k["done"], k["cancel"]}


def test_a_scoped_user_sees_only_the_instructions_of_their_body(made):
    k = made["keys"]
    for user, own in (("ana", k["formula"]), ("vic", k["done"])):
        client = signed_in(made["app"], user)
        assert listed(client) == [own]
        assert counts_of(client).startswith("1 instructions")
        for other in set(k.values()) - {own}:  # not by id either: "no such instruction"
            words = joined(page(client, f"/instructions/{other}"))
            assert f"There is no instruction “{other}”" in words
            assert "I. Ivanov" not in words
        assert "I. Ivanov" in joined(page(client, f"/instructions/{own}"))
        # a filter naming another body: nothing of it shown (a body the reader's
        # dimensions lack is "unknown", as one that does not exist)
        layout = page(client, "/instructions", "?lang=en&body=concern:bellegprom")
        assert set(ids_with(layout, "instr-row-")) <= {own}
    layout = page(signed_in(made["app"], "ana"), "/instructions",
                  "?lang=en&body=concern:bellegprom")
    assert "Unknown body “concern:bellegprom” ignored." in joined(layout)


def test_filters_and_grouping(made):
    client = signed_in(made["app"], "sec")
    k = made["keys"]
    assert listed(client, "status=done") == [k["done"]]
    assert sorted(listed(client, "status=done,cancelled")) == sorted([k["done"], k["cancel"]])
    assert sorted(listed(client, "body=concern:bellegprom")) == sorted(
        [k["open"], k["late"], k["target"]])
    assert listed(client, "overdue=1") == [k["late"]]
    assert listed(client, f"meeting={MEETING}") == [k["meeting"]]
    # by body: the overdue one under both its bodies, the free text as typed
    layout = page(client, "/instructions", "?lang=en&body=concern:bellegprom,oblast:BY-MI")
    groups = [texts(g)[0] for g in _all_of_class(layout, "instr-group")]
    assert groups[:2] == ["Bellegprom Concern", "Minsk Oblast"]  # overdue groups first
    words = joined(page(client, "/instructions", "?lang=en&page=2")) + joined(
        page(client, "/instructions", "?lang=en&page=1"))
    words += joined(page(client, "/instructions", "?lang=en&page=3"))
    assert "Others (as typed): Ministry of Economy" in words
    # where given: the meeting's step, a link
    one = page(client, f"/instructions/{k['meeting']}")
    link = find(one, f"instr-where-{k['meeting']}")
    assert link["props"]["href"].startswith(f"/meeting/{MEETING}/3")
    assert "Given at the meeting of 4 Dec 2026, step 3" in joined(link)
    # the whole history on the instruction's own page
    done = joined(page(client, f"/instructions/{k['done']}"))
    for word in ("created", "reported progress", "Done as asked", "letter 12/3",
                 "accepted the report", "sec"):
        assert word in done


def _all_of_class(node, cls: str) -> list:
    out = []
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and props.get("className") == cls:
            out.append(node)
        for value in node.values():
            out += _all_of_class(value, cls)
    elif isinstance(node, list):
        for item in node:
            out += _all_of_class(item, cls)
    return out


def test_the_tracked_target_is_shown_with_the_datas_figure(made):
    from queries import instruction_metrics as metrics
    from queries import instructions as store

    client = signed_in(made["app"], "sec")
    key = made["keys"]["target"]
    found = store.get_instruction(key, scope=None)
    current, month = metrics.value("overdue_concern", {"concern": "bellegprom"})
    words = joined(page(client, f"/instructions/{key}"))
    assert "Target: Overdue receivables — Bellegprom: " in words
    assert f"now {current:,.1f} mn USD" in words
    # nothing moved since the baseline: progress 0 %, and the path expects little yet
    assert found.target.baseline == pytest.approx(current)
    assert "progress 0 %" in words
    state = joined(find(page(client, f"/instructions/{key}"), f"instr-track-{key}"))
    assert state == "on track"  # at the baseline's own month the path expects nothing yet


def test_bad_parameters_give_messages_never_an_error(made):
    client = signed_in(made["app"], "sec")
    search = ("?lang=en&status=bogus&overdue=7&by=sideways&page=abc&body=concern:nope"
              "&meeting=<script>")
    resp = DashClient(client).page("/instructions", search)
    assert resp.status_code == 200
    words = joined(page_json(resp))
    for said in ("Unknown status “bogus” ignored", "“7” is not a value of overdue",
                 "“sideways” is no grouping", "“abc” is no page number",
                 "Unknown body “concern:nope” ignored", "“<script>” is no meeting"):
        assert said in words
    assert find(page_json(resp), "instr-counts") is not None  # the list still comes
    for bad in ("2099-01-01-9", "no-such", "%3Cb%3E"):
        resp = DashClient(client).page(f"/instructions/{bad}", "?lang=en")
        assert resp.status_code == 200
        assert "There is no instruction" in joined(page_json(resp))
    assert client.get("/instructions/download.pdf?lang=en").status_code == 400


# -- the files ------------------------------------------------------------------------------

def _csv_rows(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_csv_and_xlsx_hold_the_selection_formula_safe(made):
    from queries import audit

    k = made["keys"]
    client = signed_in(made["app"], "sec")
    resp = client.get("/instructions/download.csv?lang=en&status=open")
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/csv")
    assert resp.headers["Content-Disposition"].startswith("attachment; filename=instructions_list_")
    rows = _csv_rows(resp.data)
    header = rows.index(next(r for r in rows if r[:2] == ["Key", "Text"]))
    data = rows[header + 1:]
    opened = {k[x] for x in ("open", "late", "target", "formula", "free", "meeting")}
    assert {r[0] for r in data} == opened
    formula = next(r for r in data if r[0] == k["formula"])
    assert formula[1] == "'=1+2 is no formula here"
    late = next(r for r in data if r[0] == k["late"])
    assert late[rows[header].index("Overdue")] == "yes"
    assert "Bellegprom Concern; Minsk Oblast" == late[2]

    resp = client.get("/instructions/download.xlsx?lang=en")
    assert resp.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(resp.data)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    top = next(i for i, r in enumerate(values) if r[:2] == ["Key", "Text"])
    keys = [r[0] for r in values[top + 1:] if r[0]]
    assert sorted(keys) == sorted(k.values())
    cell = ws.cell(row=top + 1 + keys.index(k["formula"]) + 1, column=2)
    assert cell.value == "'=1+2 is no formula here" and cell.data_type == "s"
    target_row = values[top + 1 + keys.index(k["target"])]
    from queries import instructions as store
    found = store.get_instruction(k["target"], scope=None)
    assert target_row[values[top].index("Target value")] == pytest.approx(
        round(found.target.value, 1))
    history = target_row[values[top].index("History")]
    assert "sec: created" in history
    assert ("sec", "download") in [(r.actor, r.action) for r in audit.entries(limit=10)]


def test_a_scoped_download_holds_only_the_scope_and_a_viewer_gets_none(made):
    k = made["keys"]
    client = signed_in(made["app"], "ana")
    rows = _csv_rows(client.get("/instructions/download.csv?lang=en").data)
    body = "\n".join(",".join(r) for r in rows)
    assert k["formula"] in body
    assert not [key for key in k.values() if key != k["formula"] and key in body]
    assert "1 instructions" in body
    assert find(page(client, "/instructions"), "instr-dl-csv") is not None
    assert find(page(client, "/instructions", "?lang=en&present=1"), "instr-dl-csv") is None
    viewer = signed_in(made["app"], "vic")
    assert find(page(viewer, "/instructions"), "instr-dl-csv") is None  # not offered
    resp = viewer.get("/instructions/download.csv?lang=en")
    assert resp.status_code == 403 and k["done"] not in resp.get_data(as_text=True)
    assert made["app"].server.test_client().get(
        "/instructions/download.csv").status_code == 401


# -- the badge and the card -----------------------------------------------------------------

def badge(client, path: str, search: str):
    return find(page(client, path, search), "instruction-badge")


def test_the_badge_counts_the_open_instructions_of_the_filtered_bodies(made):
    from queries.dimensions import dimensions

    k = made["keys"]
    client = signed_in(made["app"], "sec")
    assert badge(client, "/", "?lang=en") is None  # no body in the filter
    found = badge(client, "/", "?lang=en&concern=bellegprom")
    assert found["props"]["data-count"] == "3"  # open, late, target (all open)
    # in the scope line (which names Bellegprom): the count; the sentence to the mouse
    assert find(found, "instruction-badge-link")["props"]["children"] == "3 open instructions"
    assert find(found, "instruction-badge-link")["props"]["title"] == \
        "3 open instructions for Bellegprom"
    link = find(found, "instruction-badge-link")["props"]["href"]
    path, _, query = link.partition("?")
    assert path == "/instructions" and "body=concern%3Abellegprom" in query
    # the link leads to the very instructions it counts
    followed = page(client, path, "?" + query + "&by=deadline&status=open,reported,extended")
    assert sorted(ids_with(followed, "instr-row-")) == sorted(
        [k["open"], k["late"], k["target"]])
    assert "overdue" in found["props"]["className"]
    # an oblast: the overdue one, named with its short name
    found = badge(client, "/exports", "?lang=en&oblast=BY-MI")
    assert found["props"]["data-count"] == "1"
    assert find(found, "instruction-badge-link")["props"]["children"] == "1 open instruction"
    assert "for Minsk Obl." in find(found, "instruction-badge-link")["props"]["title"]
    # done and cancelled ones are not counted
    assert badge(client, "/", "?lang=en&concern=belneftekhim") is None
    # an enterprise: its concern's and its oblast's
    ent = dimensions().enterprises
    row = ent[(ent["concern_id"] == "bellegprom") & (ent["oblast_id"] == "BY-MI")].iloc[0]
    found = badge(client, "/exports", f"?lang=en&enterprise={int(row.enterprise_id)}")
    assert found["props"]["data-count"] == "3"
    # the card has no scope line: the sentence on a line of its own, naming both
    card = badge(client, f"/enterprise/{int(row.enterprise_id)}", "?lang=en")
    assert card["props"]["data-count"] == "3"
    assert joined(card) == "3 open instructions for Bellegprom, Minsk Obl."
    # the analyst's scope: their own concern's one, nothing of Bellegprom's
    ana = signed_in(made["app"], "ana")
    mine = made["mine"]
    assert badge(ana, "/", f"?lang=en&concern={mine}")["props"]["data-count"] == "1"
    assert badge(ana, "/", "?lang=en&concern=bellegprom") is None


def test_the_enterprise_card_lists_its_concerns_and_oblasts_instructions(made):
    from queries.dimensions import dimensions

    k = made["keys"]
    client = signed_in(made["app"], "sec")
    ent = dimensions().enterprises
    row = ent[(ent["concern_id"] == "bellegprom") & (ent["oblast_id"] == "BY-MI")].iloc[0]
    layout = page(client, f"/enterprise/{int(row.enterprise_id)}")
    section = find(layout, "card-instructions")
    assert section["props"]["data-count"] == "3"
    shown = ids_with(section, "card-instr-")
    assert shown[0] == k["late"]  # overdue first
    assert set(shown) == {k["open"], k["late"], k["target"]}
    # another concern's enterprise outside Minsk oblast: none of these
    other = ent[(ent["concern_id"] == "belgospishcheprom") & (ent["oblast_id"] != "BY-MI")]
    layout = page(client, f"/enterprise/{int(other.iloc[0].enterprise_id)}")
    section = find(layout, "card-instructions")
    assert ids_with(section, "card-instr-") == [k["meeting"]]
