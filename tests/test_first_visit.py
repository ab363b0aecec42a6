"""The first visit (issue 15): compressed responses, long-lived cache headers on
fingerprinted files only, the partial Plotly bundle served from assets/ in place of
Dash's own, and every trace type the pages draw present in that bundle.

Over real HTTP (a live server on a local port, `requests` as the client) and in headless
Chromium; server mode through the Flask test client of tests/test_auth.py's fixture.
No timings here: bench/first_visit.py measures them.
"""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from dashboard import first_visit
from tests.dash_client import output_specs
from tests.live import browser_page, chromium_available, live_server
from tests.test_auth import server, signed_in  # noqa: F401  (the server-mode fixture)

# what tools/plotly-bundle/entry.js registers; scatter is in plotly.js's core
TRACES = {"bar", "scatter", "waterfall", "choropleth"}
ACCEPT = {"Accept-Encoding": "zstd, br, gzip, deflate"}
BUNDLE_HEADER = re.compile(r"plotly\.js v(\d+\.\d+\.\d+)")


class Http:
    """requests.Session as the Dash renderer talks to the server: the CSRF cookie sent
    back as X-CSRFToken with every POST."""

    def __init__(self, base: str):
        import requests
        self.base = base
        self.session = requests.Session()

    def get(self, path: str, **kw):
        return self.session.get(self.base + path, timeout=60, **kw)

    def post(self, path: str, **kw):
        token = self.session.cookies.get("_csrf_token")
        headers = {**kw.pop("headers", {}), **({"X-CSRFToken": token} if token else {})}
        return self.session.post(self.base + path, timeout=60, headers=headers, **kw)


def decoded(resp) -> str:
    """A Flask test client's response body, decompressed (the client does not)."""
    import brotli
    from flask_compress.compat import compression

    data, encoding = resp.get_data(), resp.headers.get("Content-Encoding")
    if encoding == "br":
        data = brotli.decompress(data)
    elif encoding == "zstd":
        data = compression.zstd.decompress(data)
    return data.decode()


def script_srcs(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


def preloads(html: str) -> list[str]:
    return re.findall(r'<link rel="preload" as="script" href="([^"]+)"', html)


def test_the_bundle_is_the_committed_build_of_dashs_plotly_version():
    """The bundle in assets/ is the one tools/plotly-bundle built (its SHA256SUMS), of the
    plotly.js version the pinned plotly package ships for Dash's dcc.Graph."""
    from plotly.offline import get_plotlyjs_version

    bundle = first_visit.plotly_bundle()
    assert bundle is not None, "assets/plotly-custom-*.min.js is missing"
    data = bundle.read_bytes()
    sums = (first_visit.settings.PROJECT_ROOT / "tools" / "plotly-bundle" / "SHA256SUMS"
            ).read_text().split()
    assert sums == [hashlib.sha256(data).hexdigest(), f"assets/{bundle.name}"]
    version = BUNDLE_HEADER.search(data[:400].decode()).group(1)
    assert version == get_plotlyjs_version()
    assert bundle.name == f"plotly-custom-{version}.min.js"
    lock = json.loads((bundle.parents[1] / "tools" / "plotly-bundle" / "package-lock.json")
                      .read_text())
    assert lock["packages"]["node_modules/plotly.js"]["version"] == version
    assert len(list(bundle.parent.glob("plotly*.js"))) == 1  # no second Plotly in assets/


def test_responses_are_compressed_and_cached_by_fingerprint(duck_db):
    import requests

    with live_server() as base:
        http = Http(base)
        page = http.get("/", headers=ACCEPT)
        assert page.status_code == 200
        assert page.headers["Content-Encoding"] in ("zstd", "br")
        assert page.headers["Cache-Control"] == "no-cache"
        assert "Accept-Encoding" in page.headers["Vary"]
        html = page.text
        srcs = script_srcs(html)
        # Plotly: the partial bundle, listed with the other bundles (fetched at once),
        # and not Dash's full plotly.min.js
        ours = [s for s in srcs if "/assets/plotly-custom-" in s]
        assert len(ours) == 1 and "?m=" in ours[0]
        assert not [s for s in srcs + preloads(html) if "package_data/plotly" in s]
        assert srcs.index(ours[0]) < next(i for i, s in enumerate(srcs) if "dash_renderer" in s)
        # the chunks loaded on demand are asked for with the first bundles
        assert {p.split("_dash-component-suites/")[1] for p in preloads(html)} == set(
            first_visit.PRELOAD_CHUNKS)

        fingerprinted = [s for s in srcs if "/_dash-component-suites/" in s or "?m=" in s]
        assert len(fingerprinted) == len(srcs) > 10
        for src in fingerprinted:
            resp = http.get(src, headers=ACCEPT)
            assert resp.status_code == 200, src
            assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable", src
            if len(resp.content) > 2000:
                assert resp.headers.get("Content-Encoding") in ("zstd", "br"), src
        # the same bytes after compression as on disk, in each encoding a browser may take
        raw = first_visit.plotly_bundle().read_bytes()
        for encoding in ("gzip", "br", "zstd", "identity"):
            resp = requests.get(base + ours[0], headers={"Accept-Encoding": encoding},
                                timeout=60)
            assert resp.content == raw, encoding
            assert resp.headers.get("Content-Encoding", "identity") == encoding
            if encoding != "identity":
                assert int(resp.headers["Content-Length"]) < len(raw) / 2

        # unversioned files: asked again every time (ETag / Last-Modified → 304)
        for path in ("/_dash-component-suites/dash/dcc/async-graph.js",
                     "/assets/topojson/world_110m.json", "/assets/app.css"):
            resp = http.get(path, headers=ACCEPT)
            assert resp.status_code == 200, path
            assert resp.headers["Cache-Control"] == "no-cache", path
        layout = http.get("/_dash-layout", headers=ACCEPT)
        assert layout.headers["Cache-Control"] == "no-cache"

        # a callback response (the Overview's page router) is compressed, not cached
        deps = http.get("/_dash-dependencies").json()
        router = next(cb for cb in deps if "_pages_content.children" in cb["output"])
        values = {"_pages_location.pathname": "/", "_pages_location.search": "",
                  "_pages_location.hash": "", "_pages_location.href": base + "/"}
        outputs = output_specs(router["output"])
        payload = {"output": router["output"],
                   "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [{**i, "value": values.get(f"{i['id']}.{i['property']}")}
                       for i in router["inputs"]],
            "state": [{**s, "value": values.get(f"{s['id']}.{s['property']}")}
                      for s in router.get("state", [])],
            "changedPropIds": ["_pages_location.pathname"]}
        resp = http.post("/_dash-update-component", json=payload, headers=ACCEPT)
        assert resp.status_code == 200
        assert resp.headers["Content-Encoding"] in ("zstd", "br")
        assert resp.headers["Cache-Control"] == "no-cache"
        assert "figure" in resp.text


def test_server_mode_keeps_no_store_and_caches_only_fingerprinted_files(server):  # noqa: F811
    """auth/headers.py's no-store (the back button after signing out shows no data)
    stays on the pages and callbacks; the security headers are on the assets too."""
    client = signed_in(server["app"], "admin")
    page = client.get("/", headers=ACCEPT)
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Content-Encoding"] in ("zstd", "br")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    html = decoded(page)
    bundle = next(s for s in script_srcs(html) if "/assets/plotly-custom-" in s)
    for src in (bundle, next(s for s in script_srcs(html) if "dash_renderer" in s)):
        resp = client.get(src, headers=ACCEPT)
        assert resp.status_code == 200
        assert resp.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" in resp.headers
    resp = client.get("/assets/app.css", headers=ACCEPT)  # no fingerprint: not cacheable
    assert resp.headers["Cache-Control"] == "no-store"
    anonymous = server["app"].server.test_client().get(bundle)
    assert anonymous.status_code in (302, 303, 401, 403)
    assert "immutable" not in anonymous.headers.get("Cache-Control", "")


def _static_paths() -> list[str]:
    import dash

    from dashboard.app import create_app
    create_app()
    paths = sorted(p["path"] for p in dash.page_registry.values()
                   if not p.get("path_template"))
    return paths + ["/enterprise/3", "/agenda/working-group/1", "/agenda/working-group/3"]


DRAWN = """() => {
  const graphs = [...document.querySelectorAll('.js-plotly-plot')];
  return graphs.map(gd => ({id: gd.id, types: (gd.data || []).map(t => t.type || 'scatter'),
    full: (gd._fullData || []).map(t => [t.type, t.visible]),
    svg: !!gd.querySelector('.main-svg')}));
}"""


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="no Chromium")
def test_every_page_draws_its_charts_with_the_partial_bundle(duck_db):
    """Every page (and agenda steps) in Chromium: the bundle registers exactly the four
    trace types, every chart's traces are of them and drawn, Dash's own plotly.min.js is
    never requested, and no console error (an unknown trace type logs one)."""
    paths = _static_paths()
    with live_server() as base, browser_page() as page:
        requested, errors = [], []
        page.on("request", lambda r: requested.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning")
                and "preload" not in m.text else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        seen: set[str] = set()
        charts = 0
        for path in paths:
            page.goto(base + path + ("&" if "?" in path else "?") + "lang=en")
            page.wait_for_load_state("networkidle")
            page.wait_for_function("() => !document.querySelector('._dash-loading')")
            registered = set(page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
            assert registered == TRACES, path
            for graph in page.evaluate(DRAWN):
                if not graph["types"]:
                    continue
                charts += 1
                assert set(graph["types"]) <= TRACES, (path, graph)
                assert graph["svg"], (path, graph)
                assert all(t in TRACES and v is not False for t, v in graph["full"]), (
                    path, graph)
                seen |= set(graph["types"])
        assert not [u for u in requested if "package_data/plotly" in u]
        assert not errors, errors[:5]
    assert charts > 10
    # the pages draw these (waterfall is in the bundle for the subjects' pages, which may
    # use it: bar, scatter, waterfall and choropleth are the app's trace types)
    assert {"bar", "scatter", "choropleth"} <= seen, seen
