"""The codes a file may refer to, read from the target database, and how a cell's text
becomes a code: enterprises by УНП or exact name, regions by ISO code or name, and so
on. An import of several files extends them as it goes, so an exports file can name an
enterprise that an enterprises file of the same import brings in.

Read through the loader's own connection (the one that will write, or a read-only one
for a dry run), not through ``engine.run``: validation must see exactly the state it
is about to change, uncached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from sqlalchemy import Connection, select

from queries.schema import (
    by_oblast,
    concern,
    dist_subject,
    enterprise,
    hs_heading,
    ru_region,
)

from .topics import TOPIC_KINDS
from .values import name_key

AMBIGUOUS = object()  # a name shared by several entries


def _index(pairs) -> dict:
    out: dict = {}
    for key, code in pairs:
        if not key:
            continue
        if key in out and out[key] != code:
            out[key] = AMBIGUOUS
        else:
            out[key] = code
    return out


@dataclass
class Lookups:
    enterprises: pd.DataFrame   # the enterprise table's columns
    subjects: pd.DataFrame      # the dist_subject table's columns
    headings: set[str]
    regions: dict               # name_key(code, short code, names) → region_id
    concerns: dict              # name_key(code, names) → concern_id
    oblasts: dict               # name_key(code, names) → oblast_id
    today: date = field(default_factory=date.today)
    # the other subjects' own lookups (``TopicKind.read_lookups``), by kind name
    topics: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._reindex()

    def _reindex(self) -> None:
        e = self.enterprises
        self.ent_by_unp = dict(zip(e["unp"].astype(str), e["enterprise_id"].astype(int)))
        self.ent_by_name = _index(
            [(name_key(n), i) for col in ("name_ru", "name_en")
             for n, i in zip(e[col], e["enterprise_id"].astype(int))])
        s = self.subjects
        self.subj_by_name = _index(
            [(name_key(n), int(i)) for n, i in zip(s["name"], s["subject_id"])])
        self.subj_ids = set(s["subject_id"].astype(int))

    @property
    def latest_month(self) -> date:
        return self.today.replace(day=1)

    def enterprise_id(self, text: str):
        """The id for a cell (УНП or exact name), None if unknown, AMBIGUOUS."""
        if re.fullmatch(r"\d{9}", text) and text in self.ent_by_unp:
            return self.ent_by_unp[text]
        return self.ent_by_name.get(name_key(text))

    def subject_id(self, text: str):
        if re.fullmatch(r"\d{1,9}", text) and int(text) in self.subj_ids:
            return int(text)
        return self.subj_by_name.get(name_key(text))

    def add_enterprises(self, rows: pd.DataFrame) -> None:
        """Rows of an enterprises file of the same import (new or corrected)."""
        rest = self.enterprises[~self.enterprises["enterprise_id"].isin(rows["enterprise_id"])]
        self.enterprises = pd.concat([rest, rows.reindex(columns=rest.columns)],
                                     ignore_index=True)
        self._reindex()

    def add_subjects(self, rows: pd.DataFrame) -> None:
        rest = self.subjects[~self.subjects["subject_id"].isin(rows["subject_id"])]
        self.subjects = pd.concat([rest, rows.reindex(columns=rest.columns)],
                                  ignore_index=True)
        self._reindex()


def _coded(conn: Connection, table, key: str, short=None) -> dict:
    df = pd.DataFrame(conn.execute(select(table.c[key], table.c.name_en,
                                          table.c.name_ru)).all(),
                      columns=[key, "name_en", "name_ru"])
    pairs = []
    for code, en, ru in df.itertuples(index=False):
        pairs += [(name_key(code), code), (name_key(en), code), (name_key(ru), code)]
        if short:
            pairs.append((name_key(short(code)), code))
    return _index(pairs)


def read_lookups(conn: Connection, today: date | None = None) -> Lookups:
    ents = pd.DataFrame(conn.execute(select(enterprise)).all(),
                        columns=[c.name for c in enterprise.columns])
    subs = pd.DataFrame(conn.execute(select(dist_subject)).all(),
                        columns=[c.name for c in dist_subject.columns])
    heads = {r[0] for r in conn.execute(select(hs_heading.c.heading_id))}
    topics = {name: tk.read_lookups(conn) for name, tk in TOPIC_KINDS.items()
              if tk.read_lookups is not None}
    return Lookups(
        enterprises=ents, subjects=subs, headings=heads,
        regions=_coded(conn, ru_region, "region_id", short=lambda c: c.split("-", 1)[-1]),
        concerns=_coded(conn, concern, "concern_id"),
        oblasts=_coded(conn, by_oblast, "oblast_id"), topics=topics,
        **({"today": today} if today else {}))
