"""How the app's files travel to the browser (issue 15, the first visit): compressed,
cached for as long as their URL names their version, and Plotly as a partial bundle.

* Compression: flask-compress on every response it can shrink (zstd, br, gzip or
  deflate, whichever the browser accepts first in that order): the JavaScript bundles,
  the HTML, the layout and the callback responses. A fingerprinted file is compressed
  once per process and algorithm and then served from memory (``_FingerprintCache``):
  its bytes never change under the same URL. Everything else is compressed per response
  (a callback response of 50 KB: about a millisecond).
* Cache headers: a fingerprinted URL — Dash's component bundles
  (``name.v4_1_0m1712345678.js``), the assets with their ``?m=<mtime>`` and the favicon
  with ``?v=`` — is ``public, max-age=31536000, immutable``: a returning browser takes
  it from its cache without asking (a new version has a new URL). The HTML page, the
  layout, the callback responses and the unversioned files (Dash's lazily loaded chunks
  such as ``async-graph.js``, the base map in assets/topojson) are ``no-cache``: asked
  again every time, answered 304 when unchanged. In server mode the security headers
  (auth/headers.py) make every response but the versioned bundles ``no-store``; that is
  kept, only fingerprinted assets are cacheable there too (they hold no data).
* Plotly: ``assets/plotly-custom-<version>.min.js`` (tools/plotly-bundle builds it: only
  bar, scatter, waterfall and choropleth, 1.4 MB instead of Dash's 4.7 MB). Dash lists
  every script in assets/ in the page, so the browser fetches it at once with the other
  bundles, not after the layout; dcc.Graph finds ``window.Plotly`` and never requests
  Dash's own ``plotly.min.js``.
* Preload: Dash loads dcc.Graph's, dcc.Dropdown's and AG Grid's code chunks only once
  a component needs them, i.e. after the layout and the first callbacks came back.
  ``<link rel="preload">`` in the page's head asks for them with the first bundles.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from flask import Flask, Response, request

from queries import settings

ONE_YEAR = 31536000
# Dash's fingerprint in a component bundle's name: dash_renderer.v4_1_0m1712345678.min.js
_FINGERPRINTED_NAME = re.compile(r"\.v[\w-]+m[0-9a-f]+\.")
# the chunks Dash's components load on demand, as the renderer asks for them
# (package path under _dash-component-suites/)
PRELOAD_CHUNKS = ("dash/dcc/async-graph.js", "dash/dcc/async-dropdown.js",
                  "dash_ag_grid/async-community.js")
PLOTLY_BUNDLE = "plotly-custom-*.min.js"


def is_fingerprinted() -> bool:
    """The request's URL names one version of the file: it never changes under it."""
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path
    if "/_dash-component-suites/" in path:
        return bool(_FINGERPRINTED_NAME.search(path.rsplit("/", 1)[-1]))
    if "/assets/" in path:
        return "m" in request.args
    return path.endswith("/_favicon.ico") and "v" in request.args


class _FingerprintCache:
    """flask-compress's cache backend: compressed bodies of fingerprinted URLs only (key
    "algorithm;full path"); any other response has the key "algorithm;None" and is never
    stored. Bounded by the number of files the app serves."""

    def __init__(self):
        self._data: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, key: str):
        return self._data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(";None"):
            with self._lock:
                self._data[key] = value


def _cache_key(req) -> str | None:
    return req.full_path if is_fingerprinted() else None


def plotly_bundle() -> Path | None:
    found = sorted((settings.PROJECT_ROOT / "assets").glob(PLOTLY_BUNDLE))
    return found[-1] if found else None


def _buffer_fingerprinted(response: Response) -> Response:
    """A fingerprinted asset comes from send_file as a stream, which flask-compress would
    compress again on every request; read into memory (at most the 1.4 MB Plotly
    bundle), it is compressed once and taken from the cache afterwards."""
    if (response.status_code == 200 and response.is_streamed and is_fingerprinted()
            and response.content_length is not None and response.content_length < 8 << 20):
        response.direct_passthrough = False
        response.make_sequence()
    return response


def _cache_headers(response: Response) -> Response:
    """Runs after every other hook (registered first): see the module docstring."""
    if is_fingerprinted() and response.status_code in (200, 304):
        response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
        response.headers.pop("Pragma", None)
    elif "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-cache"
    return response


def preload_links(app) -> str:
    prefix = app.config.requests_pathname_prefix
    base = Path(__import__("dash").__file__).resolve().parent.parent
    links = []
    for chunk in PRELOAD_CHUNKS:
        if (base / chunk).exists():
            links.append(f'<link rel="preload" as="script" '
                         f'href="{prefix}_dash-component-suites/{chunk}">')
    return "\n        ".join(links)


def register(app) -> None:
    """Call before the other after_request hooks are registered (Flask runs them in
    reverse order: this one's cache headers are the last word)."""
    from flask_compress import Compress

    server: Flask = app.server
    server.after_request(_cache_headers)
    server.config.update(
        COMPRESS_REGISTER=True,
        COMPRESS_CACHE_BACKEND=_FingerprintCache,
        COMPRESS_CACHE_KEY=_cache_key,
        COMPRESS_MIN_SIZE=500,
    )
    Compress(server)
    server.after_request(_buffer_fingerprinted)  # runs before compression
    app.index_string = app.index_string.replace(
        "{%css%}", preload_links(app) + "\n        {%css%}", 1)
