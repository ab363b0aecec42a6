"""Every link and toggle of every page keeps the view's language and theme, and inside
an agenda step the links to the step's own page stay in the step — through HTTP, as
the browser asks for pages (the page router callback).

For each page (/, /exports, /trends, /stock, /receivables, an enterprise card, and the
seven steps of the default agenda), in each language and in both themes, the test
collects the ``href`` of every link in the returned layout (dcc.Link, html.A, and the
markdown links in grid cells) and fails listing each one that loses ``lang`` or
``present`` or leaves the step. It then opens every distinct linked view once (one
level deep) and fails on one that shows a problem notice, an error, or another
language or theme than the link promised.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from queries import agenda as ag
from tests.dash_client import page_json

WG = "working-group"
LANGS = ("ru", "en", "de")
PAGES = ("/", "/exports", "/trends", "/stock", "/receivables")
STEPS = tuple(f"/agenda/{WG}/{n}" for n in range(1, len(ag.DEFAULT_STEPS) + 1))
MARKDOWN_LINK = re.compile(r"\]\((/[^)\s]*)\)")
NOT_VIEWS = ("/download/", "/assets/", "/_dash", "/health")


@pytest.fixture
def client(dash_client, tmp_path, monkeypatch):
    """The app on the DuckDB test data, with an empty agenda store (so the default
    agenda) of its own."""
    monkeypatch.setenv("EXPORT_MONITOR_APP_DB_URL", f"sqlite:///{tmp_path / 'app.sqlite'}")
    ag.reset()
    return dash_client


def links_of(node, out=None, owner=None) -> list[tuple[str, str]]:
    """(href, the id of the link or of the grid holding it) of every link in a layout."""
    out = [] if out is None else out
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict):
            own = props.get("id") if isinstance(props.get("id"), str) else owner
            if isinstance(props.get("href"), str) and node.get("type") in ("Link", "A"):
                out.append((props["href"], own or node.get("type")))
            for row in props.get("rowData") or []:
                for value in (row.values() if isinstance(row, dict) else []):
                    if isinstance(value, str):
                        out.extend((m, f"{own}[cell]") for m in MARKDOWN_LINK.findall(value))
            for key, value in props.items():
                if key != "rowData":
                    links_of(value, out, own)
        else:
            for value in node.values():
                links_of(value, out, owner)
    elif isinstance(node, list):
        for item in node:
            links_of(item, out, owner)
    return out


def find_prop(node, prop: str):
    """The first value of ``prop`` in a layout JSON (depth first)."""
    if isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict) and prop in props:
            return props[prop]
        for value in node.values():
            hit = find_prop(value, prop)
            if hit is not None:
                return hit
    elif isinstance(node, list):
        for item in node:
            hit = find_prop(item, prop)
            if hit is not None:
                return hit
    return None


def nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from nodes(item)


def shown_view(layout) -> dict:
    """The language, theme, notices and (on a step) the page proper of a rendered view."""
    lang, present, notices, leave = None, None, [], None
    for node in nodes(layout):
        props = node.get("props") if isinstance(node.get("props"), dict) else None
        if not props:
            continue
        classes = str(props.get("className") or "").split()
        if lang is None and isinstance(props.get("lang"), str):
            lang = props["lang"]
        if present is None and "page" in classes:
            present = "present" in classes
        if props.get("id") in ("messages", "agenda-error") and "empty" not in classes:
            notices.append(json.dumps(props.get("children"), ensure_ascii=False)[:200])
        if "message" in classes and "error" in classes:
            notices.append(json.dumps(props.get("children"), ensure_ascii=False)[:200])
        if leave is None and isinstance(props.get("data-leave"), str):
            leave = props["data-leave"]
    return {"lang": lang, "present": present, "notices": notices, "leave": leave}


def query(href: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(href)
    return parts.path, {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True)
                        .items()}


def check_link(href: str, owner: str, source: str, lang: str, present: bool,
               step_page: str | None) -> str | None:
    """What is wrong with one link of the view at ``source`` (None: nothing)."""
    path, params = query(href)
    if href.startswith("?"):
        path = urlsplit(source).path  # a relative link: this very path
    if not path.startswith("/") or path.startswith(NOT_VIEWS):
        return None
    want_lang, want_present = lang, present
    if owner.startswith("lang-"):
        want_lang = owner[5:]
    if owner == "present-toggle":
        want_present = not present
    problems = []
    if params.get("lang") != want_lang:
        problems.append(f"lang={params.get('lang')!r}, not {want_lang}")
    if step_page is not None and path.startswith("/agenda/"):
        # a step link: the step's theme is the presentation unless it says present=0
        shown = params.get("present", "1") == "1"
    else:
        shown = params.get("present") == "1"
    if shown != want_present:
        problems.append(f"present={params.get('present')!r}, theme not kept")
    if step_page is not None and path == step_page and owner != "agenda-leave":
        problems.append(f"leaves the step for the page proper {step_page}")
    return f"{source}: {owner} → {href}: " + "; ".join(problems) if problems else None


def enterprise_path(client) -> str:
    """An enterprise card linked from the Trends page's table (a real, known id)."""
    layout = page_json(client.page("/trends", "?lang=en"))
    cards = [h for h, _ in links_of(layout) if h.startswith("/enterprise/")]
    assert cards, "the Trends page links no enterprise card"
    return query(cards[0])[0]


def test_every_link_keeps_language_theme_and_step(client):
    views = [*PAGES, enterprise_path(client), *STEPS]
    bad, targets, pages_seen = [], {}, 0
    for i, path in enumerate(views):
        for present in (True, False):
            for lang in LANGS:
                search = f"?lang={lang}" + ("&present=1" if present else
                                            "&present=0" if path in STEPS else "")
                source = path + search
                layout = page_json(client.page(path, search))
                pages_seen += 1
                shown = shown_view(layout)
                assert not shown["notices"], (source, shown["notices"])
                assert (shown["lang"], shown["present"]) == (lang, present), source
                step_page = urlsplit(shown["leave"]).path if path in STEPS else None
                found = links_of(layout)
                assert found, f"{source} has no links at all"
                seen_owner = set()
                for href, owner in found:
                    problem = check_link(href, owner, source, lang, present, step_page)
                    if problem:
                        bad.append(problem)
                    # one level down: each link element once per page, in one
                    # language per page (rotating), both themes
                    target = href if not href.startswith("?") else path + href
                    if (LANGS[i % 3] == lang and owner not in seen_owner
                            and not target.startswith(NOT_VIEWS)
                            and target.startswith("/") and not problem):
                        seen_owner.add(owner)
                        t_path, t_params = query(target)  # one view of each shape
                        shape = (re.sub(r"\d+", "N", t_path), frozenset(t_params),
                                 t_params.get("present"), t_params.get("lang"))
                        targets.setdefault(shape, (target, source))
    assert not bad, f"{len(bad)} links lose the view:\n" + "\n".join(sorted(set(bad))[:80])
    assert pages_seen == len(views) * 6

    broken = []
    for target, source in sorted(targets.values()):
        path, params = query(target)
        search = urlsplit(target).query
        layout = page_json(client.page(path, "?" + search if search else ""))
        shown = shown_view(layout)
        want_present = (params.get("present", "1") == "1" if path.startswith("/agenda/")
                        else params.get("present") == "1")
        if shown["notices"]:
            broken.append(f"{target} (from {source}): {shown['notices']}")
        elif shown["lang"] != params.get("lang"):
            broken.append(f"{target} (from {source}): shown in {shown['lang']}")
        elif shown["present"] is not None and shown["present"] != want_present:
            broken.append(f"{target} (from {source}): theme {shown['present']}")
    assert len(targets) > 40, len(targets)
    assert not broken, f"{len(broken)} linked views fail:\n" + "\n".join(broken[:60])
