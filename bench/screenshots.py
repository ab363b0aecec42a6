"""`make screenshots`: 1920×1080 PNGs of every page (and a drilled view and a bad URL)
from headless Chromium into screenshots/, to look at before closing an issue."""

from __future__ import annotations

import os
from pathlib import Path

from queries import settings
from tests.live import browser_page, chromium_available, live_server

VIEWS = {
    "overview": "/",
    "overview-bellegprom": "/?concern=bellegprom",
    "exports": "/exports",
    "exports-drilled": "/exports?concern=mtz&level=enterprise&district=CFD&geo=region",
    "exports-growth-map": "/exports?map=growth",
    "exports-enterprise": "/exports?enterprise={enterprise}&level=heading",
    "bad-url": "/exports?to=13&concern=%27%20OR%201%3D1&level=zz",
    "not-found": "/nope",
}


def main() -> None:
    if not chromium_available():
        raise SystemExit("No Chromium: apt-get install chromium")
    out = settings.PROJECT_ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    from queries.dimensions import dimensions
    from queries.exports import breakdown
    from queries.filters import default_filter

    f = default_filter(dimensions())
    enterprise = breakdown(f, "enterprise")["key"].iloc[0]
    with live_server() as base, browser_page() as page:
        for name, path in VIEWS.items():
            page.goto(base + path.format(enterprise=enterprise))
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(800)
            target = Path(out / f"{name}.png")
            page.screenshot(path=str(target))
            print(target)


if __name__ == "__main__":
    os.environ.setdefault("EXPORT_MONITOR_LOG_LEVEL", "WARNING")
    main()
