"""The agenda handout in `make bench`: seconds for the PDF of the default agenda (seven
steps, Russian, presentation theme) over HTTP from a live server, query cache off —
the first handout of the process (Chromium starts, its cache is empty) and then warm.
``python -m bench.handout`` measures only this (on the benchmark database)."""

from __future__ import annotations

import io
import os
import statistics
import time
import urllib.request


def measure_handout(runs: int = 5, lang: str = "ru") -> dict | None:
    from dashboard import handout
    from queries import agenda, engine
    from tests.live import chromium_available, live_server

    if not chromium_available():
        return None
    from pypdf import PdfReader

    os.environ["EXPORT_MONITOR_CACHE_SECONDS"] = "0"
    engine.reset()
    handout.PRINTER.close()  # the first call below starts Chromium, as after a restart
    steps = len(agenda.get_agenda(agenda.DEFAULT_ID, lang).steps)
    calls = []
    with live_server() as base:
        url = f"{base}/agenda/{agenda.DEFAULT_ID}/handout.pdf?lang={lang}"
        for _ in range(runs + 1):
            load = os.getloadavg()[0]
            t0 = time.perf_counter()
            with urllib.request.urlopen(url, timeout=600) as resp:
                data = resp.read()
            seconds = time.perf_counter() - t0
            assert resp.status == 200, resp.status
            assert len(PdfReader(io.BytesIO(data)).pages) == steps
            calls.append((seconds, load))
    handout.PRINTER.close()
    warm = [s for s, _ in calls[1:]]
    return {"steps": steps, "lang": lang, "tabs": handout.PRINTER.tabs,
            "cold": calls[0][0], "cold_load": calls[0][1],
            "warm_median": statistics.median(warm), "warm_max": max(warm), "runs": runs,
            "load": max(load for _, load in calls)}


def handout_lines(result: dict | None) -> list[str]:
    if result is None:
        return ["Agenda handout: not measured (no Chromium installed)"]
    r = result
    return [f"Agenda handout PDF, default agenda ({r['steps']} steps, {r['lang']}, "
            f"presentation theme, {r['tabs']} tabs at a time, query cache off): first call "
            f"{r['cold']:.1f} s (Chromium starts, empty cache), then median "
            f"{r['warm_median']:.1f} s, max {r['warm_max']:.1f} s over {r['runs']} calls; "
            f"1-minute load average up to {r['load']:.2f} on {os.cpu_count()} cores"]


def main() -> None:
    from bench.run import bench_db
    from queries import engine

    url, _ = bench_db()
    os.environ["EXPORT_MONITOR_DB_URL"] = url
    engine.reset()
    print("\n".join(handout_lines(measure_handout())))


if __name__ == "__main__":
    main()
