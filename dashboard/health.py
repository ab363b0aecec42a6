"""GET /health: 200 when the database answers, 503 with the reason when it does not."""

from __future__ import annotations

import logging

from flask import Flask, jsonify

from queries import engine

log = logging.getLogger(__name__)


def register(server: Flask) -> None:
    @server.get("/health")
    def health():
        try:
            latest = engine.latest_month()  # a real query through the choke point
            return jsonify(status="ok", database=engine.get_engine().dialect.name,
                           latest_month=latest.isoformat() if latest else None,
                           cache=engine.cache().backend,
                           cache_hits=engine.cache().hits,
                           cache_misses=engine.cache().misses), 200
        except Exception as exc:  # report, never raise: this is what monitors poll
            log.warning("health check failed: %s", exc)
            return jsonify(status="unavailable", reason=str(exc)[:500]), 503
