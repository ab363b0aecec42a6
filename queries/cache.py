"""The query-result cache: Redis when EXPORT_MONITOR_REDIS_URL is set (shared by every
worker), otherwise a bounded store inside the process.

Keys are a hash of the normalised statement, its bound parameters and the data version,
so a new load makes every older entry unreachable instead of stale. Failed queries are
never stored. Hits and misses are counted for the benchmark and /health.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import threading
from collections import OrderedDict

import pandas as pd

from . import settings

log = logging.getLogger(__name__)

_LOCAL_MAX_ENTRIES = 2048


def make_key(sql: str, params: dict, version: str, scope: str = "all") -> str:
    """The key of a result: its SQL, parameters, data version and the access scope it
    was computed under (``queries.scope.current_key``)."""
    payload = json.dumps({"sql": sql, "params": params, "v": version, "s": scope},
                         sort_keys=True, default=str)
    return "em:q:" + hashlib.sha256(payload.encode()).hexdigest()


def _dumps(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_pickle(buf)
    return buf.getvalue()


def _loads(blob: bytes) -> pd.DataFrame:
    return pd.read_pickle(io.BytesIO(blob))


class ResultCache:
    def __init__(self) -> None:
        self.ttl = settings.get("EXPORT_MONITOR_CACHE_SECONDS")
        self.hits = 0
        self.misses = 0
        self._lock = threading.Lock()
        self._local: OrderedDict[str, bytes] = OrderedDict()
        self._redis = None
        url = settings.get("EXPORT_MONITOR_REDIS_URL")
        if url and self.ttl > 0:
            import redis  # only needed when configured

            self._redis = redis.Redis.from_url(url, socket_timeout=0.5,
                                               socket_connect_timeout=0.5)

    @property
    def backend(self) -> str:
        if self.ttl <= 0:
            return "off"
        return "redis" if self._redis is not None else "local"

    def get(self, key: str) -> pd.DataFrame | None:
        if self.ttl <= 0:
            return None
        blob = None
        if self._redis is not None:
            try:
                blob = self._redis.get(key)
            except Exception as exc:  # a cache outage must not take the page down
                log.warning("cache read failed, querying the database: %s", exc)
        else:
            with self._lock:
                blob = self._local.get(key)
                if blob is not None:
                    self._local.move_to_end(key)
        with self._lock:
            if blob is None:
                self.misses += 1
            else:
                self.hits += 1
        return None if blob is None else _loads(blob)

    def put(self, key: str, df: pd.DataFrame) -> None:
        if self.ttl <= 0:
            return
        blob = _dumps(df)
        if self._redis is not None:
            try:
                self._redis.set(key, blob, ex=self.ttl)
            except Exception as exc:
                log.warning("cache write failed: %s", exc)
            return
        with self._lock:
            self._local[key] = blob
            self._local.move_to_end(key)
            while len(self._local) > _LOCAL_MAX_ENTRIES:
                self._local.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._local.clear()
            self.hits = self.misses = 0
