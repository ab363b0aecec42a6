"""Import kinds of the curators subject (issue 14). See ``topics/__init__.py``.

Kind ``curators``: one row per assignment of an official to a Russian region — the
curator's full name, post and body, the region, the first day and (optionally) the
last day. A file **replaces the whole assignment history of the curators it names**
(matched by exact name, case and spaces aside): their old assignments are deleted and
the file's written, so a file names every assignment of each of its curators, past and
present; curators the file does not name keep theirs. A curator new to the database
gets the next free number; a known one keeps it, and the file's post and body replace
the stored ones. The body is matched to a concern (code or exact name): a curator of a
concern, ministry or oblast executive committee is tied to it (``curator.concern_id``),
of any other body (e.g. the Ministry of Foreign Affairs) to none.

Checks (besides the generic ones: formulas, missing cells, dates): a region that is not
a Russian federal subject, a last day before the first, one curator written with two
posts or bodies, the same assignment twice, and two assignments of one curator to one
region that overlap in time. An empty date_to means "still assigned".
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from queries import schema

from ..columns import REGION, Col, Kind, TopicKind

NAME_MAX, POST_MAX, BODY_MAX = 200, 300, 200

KIND = Kind(
    "curators", "Curators of Russian regions",
    "Officials assigned to Russian regions, one row per assignment (curator, region, "
    "from, to). A file replaces the whole assignment history of the curators it names "
    "(matched by full name); new curators get the next free number. An empty date_to: "
    "still assigned.",
    (Col("curator", "text", True, "The curator's full name, as the body writes it",
         "Иванов Иван Иванович", aliases=("куратор", "фио", "name")),
     Col("post", "text", True, "Post", "Заместитель министра",
         aliases=("должность",)),
     Col("body", "text", True, "Body (ministry, concern, holding, oblast executive "
         "committee); matched to a concern by its code or exact name where it is one",
         "Министерство промышленности", aliases=("орган", "ведомство", "организация")),
     Col("region", "region", True, "Russian region assigned", "RU-KEM",
         aliases=REGION.aliases),
     Col("date_from", "day", True, "First day of the assignment", "2025-01-01",
         aliases=("с", "дата_начала", "from")),
     Col("date_to", "day", False, "Last day of the assignment (empty: still assigned)",
         "", aliases=("по", "дата_окончания", "to"))),
)

REASONS = {
    "curator_dates_reversed": "The last day ({date_to}) is before the first ({date_from}).",
    "curator_inconsistent": ("{name} is written with another {what} in row {first}: one "
                             "curator has one post and one body in a file."),
    "curator_overlap": ("{name} is assigned to {region} twice at the same time (see row "
                        "{first}): assignments of one curator to one region may not "
                        "overlap."),
}


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def read_lookups(conn) -> dict:
    """Stored curators: name key → id, and the largest id."""
    rows = conn.execute(select(schema.curator.c.curator_id, schema.curator.c.name)).all()
    return {"ids": {_key(n): int(i) for i, n in rows},
            "max_id": max([0, *(int(i) for i, _ in rows)])}


def remember(lk, p) -> None:
    """A later curators file of the same import sees this one's curators and ids."""
    own = lk.topics.setdefault("curators", {"ids": {}, "max_id": 0})
    people = p.frames["curator"]
    own["ids"].update({_key(n): int(i) for i, n in zip(people["curator_id"], people["name"])})
    own["max_id"] = max([own["max_id"], *(int(i) for i in people["curator_id"])])


def validate(c, lk, p) -> None:
    from ..validate import _code_resolver, _key_text

    name = c.text_field("curator")
    post = c.text_field("post")
    body = c.text_field("body")
    for col, text, limit in (("curator", name, NAME_MAX), ("post", post, POST_MAX),
                             ("body", body, BODY_MAX)):
        c.flag((text.str.len() > limit).to_numpy(), "text_too_long", col, max=limit)
    region = c.code("region", _code_resolver(lk.regions), "unknown_region")
    d_from = c.day("date_from")
    d_to = c.day("date_to", required=False)
    reversed_ = (d_from.notna() & d_to.notna() & (d_to < d_from)).to_numpy()
    for i in reversed_.nonzero()[0]:
        c.r.add(c.file, "curator_dates_reversed", column="date_to",
                value=c.text("date_to").iloc[i], rows=[int(c.rows[i])],
                date_to=c.text("date_to").iloc[i], date_from=c.text("date_from").iloc[i])
    keys = name.map(_key)
    # one curator, one post and one body in a file
    firsts: dict[str, int] = {}
    for i, k in enumerate(keys):
        if not k:
            continue
        if k not in firsts:
            firsts[k] = i
            continue
        j = firsts[k]
        for col, s in (("post", post), ("body", body)):
            if s.iloc[i] and s.iloc[j] and _key(s.iloc[i]) != _key(s.iloc[j]):
                c.r.add(c.file, "curator_inconsistent", column=col, value=s.iloc[i],
                        rows=[int(c.rows[i])], name=name.iloc[i], what=col,
                        first=int(c.rows[j]))
    c.duplicates(pd.DataFrame({"curator": keys.where(keys != "", None), "region": region,
                               "date_from": d_from}),
                 "curator, region and date_from",
                 _key_text(c.t.data, [x for x in ("curator", "region", "date_from")
                                      if x in c.t.data.columns]))
    # overlapping assignments of one curator to one region (an exact repeat is a
    # duplicate, reported above)
    frame = pd.DataFrame({"k": keys, "region": region, "a": d_from, "b": d_to,
                          "pos": range(c.n)})
    ok = frame[(frame["k"] != "") & frame["region"].notna() & frame["a"].notna()]
    for (_k, reg), grp in ok.groupby(["k", "region"], sort=False):
        end_prev = pos_prev = a_prev = None
        for r in grp.sort_values(["a", "pos"]).itertuples(index=False):
            if end_prev is not None and r.a == a_prev:
                continue
            if end_prev is not None and r.a <= end_prev:
                c.r.add(c.file, "curator_overlap", column="date_from",
                        value=c.text("date_from").iloc[r.pos], rows=[int(c.rows[r.pos])],
                        name=name.iloc[r.pos], region=reg, first=int(c.rows[pos_prev]))
            b = pd.Timestamp.max if pd.isna(r.b) else r.b
            if end_prev is None or b > end_prev:
                end_prev, pos_prev = b, r.pos
            a_prev = r.a
    # ids: a known curator keeps theirs, a new one takes the next free
    own = lk.topics.get("curators", {"ids": {}, "max_id": 0})
    next_id = own["max_id"] + 1
    ids: dict[str, int] = {}
    for k in keys:
        if k and k not in ids:
            if k in own["ids"]:
                ids[k] = own["ids"][k]
            else:
                ids[k], next_id = next_id, next_id + 1
    concern = body.map(lambda t: _code_resolver(lk.concerns)(t) if t else None)
    first_rows = [firsts[k] for k in ids]
    p.frames["curator"] = pd.DataFrame({
        "curator_id": [ids[k] for k in ids],
        "name": [" ".join(name.iloc[i].split()) for i in first_rows],
        "post": [post.iloc[i] for i in first_rows],
        "body": [body.iloc[i] for i in first_rows],
        "concern_id": [concern.iloc[i] if isinstance(concern.iloc[i], str) else None
                       for i in first_rows]})
    p.frames["curator_region"] = pd.DataFrame({
        "curator_id": [ids.get(k) for k in keys], "region_id": region,
        "date_from": d_from, "date_to": d_to})
    days = pd.concat([d_from, d_to]).dropna()
    if len(days):
        p.period_from, p.period_to = days.min().date(), days.max().date()


def write(conn, backend, p):
    """Upsert the file's curators; replace their whole assignment history."""
    from ..load import Written, _delete, _insert, _upsert

    people = p.frames["curator"].copy()
    people["curator_id"] = people["curator_id"].astype(int)
    # the name is unique: a renamed spelling of a known curator was matched already
    _upsert(conn, backend, schema.curator, "curator_id", people)
    ids = [int(i) for i in people["curator_id"]]
    t = schema.curator_region
    replaced = _delete(conn, t, t.c.curator_id.in_(ids))
    rows = p.frames["curator_region"].copy()
    rows["curator_id"] = rows["curator_id"].astype(int)
    for col in ("date_from", "date_to"):
        rows[col] = [None if pd.isna(v) else pd.Timestamp(v).date() for v in rows[col]]
    _insert(conn, backend, t, rows)
    return Written(len(rows), replaced)


def dump(conn, months=None) -> pd.DataFrame:
    """Every assignment in the template's columns, by curator number, region, first
    day (``months`` does not apply: a file holds whole histories)."""
    c, r = schema.curator, schema.curator_region
    res = conn.execute(select(c.c.name, c.c.post, c.c.body, r.c.region_id, r.c.date_from,
                              r.c.date_to)
                       .select_from(r.join(c, r.c.curator_id == c.c.curator_id))
                       .order_by(c.c.curator_id, r.c.region_id, r.c.date_from))
    df = pd.DataFrame(res.all(), columns=["curator", "post", "body", "region", "date_from",
                                          "date_to"])

    def text(col):
        return [("" if v is None or pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d"))
                for v in col]
    df["date_from"], df["date_to"] = text(df["date_from"]), text(df["date_to"])
    return df


KINDS = (TopicKind(KIND, validate, write, dump, read_lookups=read_lookups,
                   remember=remember, reasons=REASONS),)
