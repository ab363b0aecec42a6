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


def tree_cpu() -> float | None:
    """CPU seconds used so far by this process and all its descendants (the server's
    threads, Playwright's driver, Chromium): on a shared machine the wall time depends on
    the neighbours, this does not. Linux only (None elsewhere)."""
    try:
        procs = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:  # gone meanwhile
                continue
            # its own time and that of its children that have ended (closed tabs)
            procs[int(pid)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    except OSError:
        return None
    me, ticks = os.getpid(), 0
    for pid, (parent, used) in procs.items():
        while parent and parent != me and parent in procs:
            parent = procs[parent][0]
        if parent == me or pid == me:
            ticks += used
    return ticks / os.sysconf("SC_CLK_TCK")


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
            cpu0, t0 = tree_cpu(), time.perf_counter()
            with urllib.request.urlopen(url, timeout=600) as resp:
                data = resp.read()
            seconds, cpu1 = time.perf_counter() - t0, tree_cpu()
            assert resp.status == 200, resp.status
            assert len(PdfReader(io.BytesIO(data)).pages) == steps
            calls.append((seconds, load, None if cpu0 is None else cpu1 - cpu0))
    handout.PRINTER.close()
    warm = [c[0] for c in calls[1:]]
    cpu = [c[2] for c in calls[1:] if c[2] is not None]
    return {"steps": steps, "lang": lang, "tabs": handout.PRINTER.tabs,
            "cold": calls[0][0], "cold_load": calls[0][1], "cold_cpu": calls[0][2],
            "warm_median": statistics.median(warm), "warm_max": max(warm), "runs": runs,
            "warm_cpu": statistics.median(cpu) if cpu else None,
            "load": max(c[1] for c in calls)}


def handout_lines(result: dict | None) -> list[str]:
    if result is None:
        return ["Agenda handout: not measured (no Chromium installed)"]
    r = result
    return [f"Agenda handout PDF, default agenda ({r['steps']} steps, {r['lang']}, "
            f"presentation theme, {r['tabs']} tabs at a time, query cache off): first call "
            f"{r['cold']:.1f} s (Chromium starts, empty cache), then median "
            f"{r['warm_median']:.1f} s, max {r['warm_max']:.1f} s over {r['runs']} calls; "
            f"1-minute load average {r['cold_load']:.2f} before, up to {r['load']:.2f} "
            f"(the handout's own threads count too) on {os.cpu_count()} cores"
            + (f"; CPU time of server + Chromium {r['cold_cpu']:.1f} s for the first call, "
               f"median {r['warm_cpu']:.1f} s warm" if r["warm_cpu"] is not None else "")]


def main() -> None:
    from bench.run import bench_db
    from queries import engine

    url, _ = bench_db()
    os.environ["EXPORT_MONITOR_DB_URL"] = url
    engine.reset()
    print("\n".join(handout_lines(measure_handout())))


if __name__ == "__main__":
    main()
