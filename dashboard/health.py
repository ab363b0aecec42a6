"""GET /health: 200 when the database answers, 503 with a short reason when it does not.

The reason is one of a few fixed words (``database unreachable``, ``database file
missing``, ``database timeout``, ``query failed``): monitors and anyone who can reach the
URL see no host, port, path or driver text. The full error goes to the log. In server
mode (dashboard/auth/mode.py) it says only ``ok`` / ``unavailable``: no data version,
cache or engine to anyone who can reach the port."""

from __future__ import annotations

import logging

from flask import Flask, jsonify

from queries import engine

from .auth import mode

log = logging.getLogger(__name__)

REASONS = {"unreachable": "database unreachable", "file_missing": "database file missing",
           "timeout": "database timeout"}


def register(server: Flask) -> None:
    @server.get("/health")
    def health():
        try:
            with engine.pinned_version():  # a real query through the choke point
                latest = engine.latest_month()
            if not mode.is_local():  # a server tells the network only ok / not ok
                return jsonify(status="ok"), 200
            return jsonify(status="ok", database=engine.get_engine().dialect.name,
                           latest_month=latest.isoformat() if latest else None,
                           cache=engine.cache().backend,
                           cache_hits=engine.cache().hits,
                           cache_misses=engine.cache().misses), 200
        except engine.DatabaseUnavailable as exc:  # report, never raise: monitors poll this
            log.warning("health check failed: %s", exc.__cause__ or exc)
            if not mode.is_local():
                return jsonify(status="unavailable"), 503
            return jsonify(status="unavailable", reason=REASONS[exc.cause]), 503
        except Exception as exc:
            log.warning("health check failed: %r", exc.__cause__ or exc)
            if not mode.is_local():
                return jsonify(status="unavailable"), 503
            return jsonify(status="unavailable", reason="query failed"), 503
