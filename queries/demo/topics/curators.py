"""Demonstration data of the curators subject (issue 14): officials of the ministries,
concerns and oblast executive committees assigned to Russian regions, with a history
of hand-overs. Assumptions: ``catalogue.py``, section "curators". See
``topics/__init__.py``."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from .. import catalogue as cat

TOPIC_NO = 1401  # this topic's own random stream


def _full_name(rng: np.random.Generator, taken: set[str]) -> str:
    while True:
        sex = "f" if rng.random() < cat.CURATOR_FEMALE_SHARE else "m"
        surname = str(rng.choice(cat.SURNAMES))
        if sex == "f":
            if surname.endswith(("ов", "ёв", "ев", "ин")):
                surname += "а"
            elif surname.endswith("ий"):
                surname = surname[:-2] + "ая"
        name = (f"{surname} {rng.choice(cat.CURATOR_FIRST_NAMES[sex])} "
                f"{rng.choice(cat.CURATOR_PATRONYMICS[sex])}")
        if name not in taken:
            taken.add(name)
            return name


def _bodies(concerns: pd.DataFrame) -> list[tuple[str | None, str, str]]:
    """(concern_id or None, body, post) of every curator to name, in a fixed order."""
    out = []
    for c in concerns.sort_values("concern_id").itertuples(index=False):
        if c.kind not in cat.CURATOR_POSTS:
            continue
        post = cat.CURATOR_POST_CITY if c.concern_id == "minsk-city" else \
            cat.CURATOR_POSTS[c.kind]
        for _ in range(2 if c.concern_id in cat.CURATOR_TWICE else 1):
            out.append((c.concern_id, c.name_ru, post))
    out += [(None, body, post) for body, post in cat.CURATOR_EXTRA_BODIES]
    return out


def _months(start: date, end: date) -> list[date]:
    out, d = [], start
    while d <= end:
        out.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def generate(frames: dict[str, pd.DataFrame], seed: int, end_month: str) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng([int(seed), TOPIC_NO])
    last = pd.Timestamp(end_month + "-01").date()
    regions = frames["ru_region"]["region_id"].tolist()
    weight = (frames["exports"].groupby("region_id")["value_usd"].sum()
              .reindex(regions).fillna(0.0).to_numpy() + 1.0)
    bodies = _bodies(frames["concern"])
    lo, hi = cat.CURATOR_REGIONS
    counts = rng.integers(lo, hi + 1, size=len(bodies))
    while counts.sum() > len(regions):  # (never with 89 regions; kept for safety)
        counts[int(np.argmax(counts))] -= 1
    order = rng.choice(len(regions), size=int(counts.sum()), replace=False,
                       p=weight / weight.sum())
    taken: set[str] = set()
    people, held = [], []
    pos = 0
    for i, ((concern_id, body, post), n) in enumerate(zip(bodies, counts), start=1):
        people.append({"curator_id": i, "name": _full_name(rng, taken), "post": post,
                       "body": body, "concern_id": concern_id})
        start = date(int(rng.integers(cat.CURATOR_FIRST_YEARS[0],
                                      cat.CURATOR_FIRST_YEARS[1] + 1)), 1, 1)
        start = min(start, date(last.year, 1, 1))  # a database that ends earlier
        for k in order[pos:pos + n]:
            held.append({"curator_id": i, "region_id": regions[int(k)], "date_from": start,
                         "date_to": None})
        pos += n
    months = _months(date(2025, 1, 1), last)
    # (a database ending before 2025 has its first assignments and no changes yet)
    moves, successions = ((cat.CURATOR_MOVES, cat.CURATOR_SUCCESSIONS) if len(months)
                          else (0, 0))
    # hand-overs: an open assignment ends, another curator's starts the next day
    for _ in range(moves):
        open_ = [a for a in held if a["date_to"] is None]
        a = open_[int(rng.integers(len(open_)))]
        on = months[int(rng.integers(len(months)))] + timedelta(days=int(rng.integers(0, 27)))
        if on <= a["date_from"] + timedelta(days=30):
            continue
        others = [p["curator_id"] for p in people if p["curator_id"] != a["curator_id"]]
        to = others[int(rng.integers(len(others)))]
        a["date_to"] = on - timedelta(days=1)
        held.append({"curator_id": to, "region_id": a["region_id"], "date_from": on,
                     "date_to": None})
    # successions: a new official of the same body takes every open region
    for _ in range(successions):
        old = people[int(rng.integers(len(people)))]
        mine = [a for a in held if a["curator_id"] == old["curator_id"] and a["date_to"] is None]
        if not mine:
            continue
        on = months[int(rng.integers(len(months)))]
        if any(on <= a["date_from"] for a in mine):
            continue
        new_id = len(people) + 1
        people.append({**old, "curator_id": new_id, "name": _full_name(rng, taken)})
        for a in mine:
            a["date_to"] = on - timedelta(days=1)
            held.append({"curator_id": new_id, "region_id": a["region_id"], "date_from": on,
                         "date_to": None})
    cur = pd.DataFrame(people, columns=["curator_id", "name", "post", "body", "concern_id"])
    reg = pd.DataFrame(held, columns=["curator_id", "region_id", "date_from", "date_to"])
    reg = reg.sort_values(["curator_id", "region_id", "date_from"]).reset_index(drop=True)
    reg["date_from"] = pd.to_datetime(reg["date_from"])
    reg["date_to"] = pd.to_datetime(reg["date_to"])
    return {"curator": cur, "curator_region": reg}
