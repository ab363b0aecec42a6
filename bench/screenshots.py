"""`make screenshots`: 1920×1080 PNGs of every page (and drilled views and a bad URL),
in each language and in the presentation theme, from headless Chromium into
screenshots/, to look at before closing an issue. ``python -m bench.screenshots trends``
takes only the views whose name contains one of the words given. Every step of the
default agenda is taken in both themes (a step is presented by default; ``present=0``
shows it in the normal theme). Each PNG also gets a 1280×720 copy (``*-720.png``, what
the far end of a video call sees) when ImageMagick's ``convert`` is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from queries import settings
from queries.agenda import DEFAULT_STEPS
from tests.live import browser_page, chromium_available, live_server

VIEWS = {
    "overview": "/",
    "overview-bellegprom": "/?concern=bellegprom",
    "exports": "/exports",
    "exports-drilled": "/exports?concern=mtz&level=enterprise&district=CFD&geo=region",
    "exports-growth-map": "/exports?map=growth",
    "exports-enterprise": "/exports?enterprise={enterprise}&level=heading",
    "trends": "/trends",
    "trends-concern": "/trends?concern=bellegprom",
    "stock": "/stock",
    "receivables": "/receivables",
    "enterprise-card": "/enterprise/{enterprise}",
    "curators": "/curators",
    "curator-card": "/curators?curator=1",
    "retail": "/retail",
    "tenders": "/tenders",
    "tenders-stavropol-rostov": "/tenders?region=RU-STA,RU-ROS",
    "centres": "/stock?view=centres",
    "support": "/support",
    "topics": "/topics",
    "agenda": "/agenda",
    **{f"step-{n}": f"/agenda/working-group/{n}" for n in range(1, len(DEFAULT_STEPS) + 1)},
    "bad-url": "/exports?to=13&concern=%27%20OR%201%3D1&level=zz",
    "not-found": "/nope",
}
LANGS = ("ru", "en", "de")
# Views also taken in the presentation theme (every page; not the error views).
PRESENT = ("overview", "exports", "trends", "stock", "receivables", "enterprise-card",
           "curators", "curator-card", "retail", "tenders", "tenders-stavropol-rostov",
           "centres", "support", "topics",
           *(f"step-{n}" for n in range(1, len(DEFAULT_STEPS) + 1)))


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
    wanted = sys.argv[1:]
    shots = []
    for name, path in VIEWS.items():
        for lang in LANGS:
            for present in ((False, True) if name in PRESENT else (False,)):
                label = f"{name}-{lang}" + ("-present" if present else "")
                if wanted and not any(w in label for w in wanted):
                    continue
                sep = "&" if "?" in path else "?"
                theme = "&present=1" if present else ("&present=0" if name.startswith("step-")
                                                      else "")
                shots.append((label, path + sep + f"lang={lang}" + theme))
    with live_server() as base, browser_page() as page:
        for label, path in shots:
            page.goto(base + path.format(enterprise=enterprise))
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(600)
            target = Path(out / f"{label}.png")
            page.screenshot(path=str(target))
            if shutil.which("convert"):
                small = target.with_name(f"{label}-720.png")
                subprocess.run(["convert", str(target), "-resize", "1280x720", str(small)],
                               check=False, capture_output=True)
            print(target)


if __name__ == "__main__":
    os.environ.setdefault("EXPORT_MONITOR_LOG_LEVEL", "WARNING")
    main()
