"""Turns the catalogue into rows: one DataFrame per table (see ``generate``)."""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd

from queries import refdata, schema

from .catalogue import (
    ANNUAL_TOTAL_USD_BN,
    BRAND_PREFIXES,
    BRAND_SUFFIXES,
    CAUSES,
    CITIES,
    CONCERN_SHORT,
    CONCERN_SMALL,
    CONCERNS,
    CURRENT_GROWTH,
    CURRENT_YEAR_YOY,
    FALLING_GROUPS,
    FOOD_PROFILES,
    FULL_ENTERPRISES,
    GROUP_CONCERN,
    GROUP_INDEX,
    GROWING_GROUPS,
    HOLDING_CONCERN,
    INITIALS,
    LEGAL_BY_KIND,
    LEGAL_EN,
    LEGAL_STATE,
    MACHINERY_CONCERNS,
    MAJORS,
    OBLAST_WEIGHT,
    OBLCOM_OBLAST,
    PIECE_PRICE,
    PROFILES,
    REGION_TABLE,
    ROWS_PER_SCALE,
    SEASON,
    START_MONTH,
    SUBJECT_MIX,
    SURNAMES,
    TONNE_PRICE_BY_CHAPTER,
    TONNE_PRICE_BY_HEADING,
    UNP_PREFIX,
)
from .topics import generate_topics


# --------------------------------------------------------------------------------------
def _rng(seed: int, stream: str) -> np.random.Generator:
    """An independent, reproducible stream per purpose, so that adding draws to one part
    of the generator never changes the others."""
    key = int.from_bytes(hashlib.sha256(stream.encode()).digest()[:4], "little")
    return np.random.default_rng([int(seed), key])


def _months(end_month: str) -> pd.DatetimeIndex:
    end = pd.Timestamp(f"{end_month}-01")
    months = pd.date_range(f"{START_MONTH}-01", end, freq="MS")
    if len(months) < 2:
        raise ValueError(f"end_month {end_month!r} must be after {START_MONTH}")
    return months


def _pick(rng, weights: dict, size=None):
    keys = list(weights)
    p = np.array([weights[k] for k in keys], float)
    idx = rng.choice(len(keys), size=size, p=p / p.sum())
    return keys[idx] if size is None else [keys[i] for i in idx]


def _adjective(masc: str, gender: str) -> str:
    if gender == "m":
        return masc
    return masc[:-2] + ("ая" if gender == "f" else "ое")


def _regions_table() -> pd.DataFrame:
    tokens = REGION_TABLE.split()
    rows = [(tokens[i], float(tokens[i + 1]), tokens[i + 2].replace("_", " "))
            for i in range(0, len(tokens), 3)]
    return pd.DataFrame(rows, columns=["region_id", "weight", "city_ru"])


# -- dimensions -------------------------------------------------------------------------
def _dimensions(seed: int) -> dict[str, pd.DataFrame]:
    concerns = pd.DataFrame(CONCERNS, columns=["concern_id", "name_en", "name_ru", "kind"])
    for i, lang in enumerate(schema.SHORT_LANGS):
        concerns[f"short_name_{lang}"] = concerns["concern_id"].map(
            lambda c, i=i: CONCERN_SHORT[c][i] if c in CONCERN_SHORT else None)
    out = {"concern": concerns}
    byr = refdata.by_regions()
    out["by_oblast"] = _with_short(byr.rename(columns={"iso_3166_2": "oblast_id"})[
        ["oblast_id", "name_en", "name_ru"]], refdata.by_oblasts_short(), "oblast_id",
        "iso_3166_2")
    sec, chap, head = refdata.hs_sections(), refdata.hs_chapters(), refdata.hs_headings()
    # Chapter 99 ("not specified", a Comtrade convention) hangs off a pseudo-section
    # "TOTAL"; it is not a real HS chapter and nothing is exported under it.
    chap = chap[chap["parent"].isin(sec["code"])]
    head = head[head["parent"].isin(chap["code"])]
    out["hs_section"] = pd.DataFrame({"section_id": sec["code"], "name_en": sec["description"]})
    out["hs_chapter"] = _with_short(pd.DataFrame({
        "chapter_id": chap["code"], "section_id": chap["parent"],
        "name_en": chap["description"]}), refdata.hs_chapters_short(), "chapter_id", "chapter")
    out["hs_heading"] = _with_short(pd.DataFrame({
        "heading_id": head["code"], "chapter_id": head["parent"],
        "name_en": head["description"]}), refdata.hs_headings_short(), "heading_id", "heading")
    subj = refdata.ru_federal_subjects()
    fd = subj.drop_duplicates("federal_district_code")
    out["federal_district"] = pd.DataFrame({
        "district_id": fd["federal_district_code"].values,
        "name_en": (fd["federal_district_en"] + " Federal District").values,
        "name_ru": (fd["federal_district_ru"] + " федеральный округ").values})
    out["federal_district"] = _with_short(out["federal_district"],
                                          refdata.ru_federal_districts_short(), "district_id",
                                          "federal_district_code")
    weights = _regions_table()
    missing = set(subj["iso_3166_2"]) ^ set(weights["region_id"])
    if missing:
        raise RuntimeError(f"REGION_TABLE and refdata disagree on {sorted(missing)}")
    reg = pd.DataFrame({"region_id": subj["iso_3166_2"], "name_en": subj["name_en"],
                        "name_ru": subj["name_ru"], "district_id": subj["federal_district_code"],
                        "curator": pd.Series([None] * len(subj), dtype=object)})
    reg = reg.merge(weights[["region_id", "weight"]], on="region_id")
    rng = _rng(seed, "curators")
    top = reg.nlargest(10, "weight").index
    names = set()
    for i in top:  # a Belarusian official assigned to each of the largest markets
        while True:
            name = (f"{rng.choice(SURNAMES)} {rng.choice(list(INITIALS))}. "
                    f"{rng.choice(list(INITIALS))}.")
            if name not in names:
                break
        names.add(name)
        reg.loc[i, "curator"] = name
    out["ru_region"] = _with_short(reg.drop(columns="weight"), refdata.ru_regions_short(),
                                   "region_id", "iso_3166_2")
    return out


def _with_short(frame: pd.DataFrame, short: pd.DataFrame, key: str, short_key: str
                ) -> pd.DataFrame:
    """``frame`` with the columns short_name_ru/en/de from a refdata list of short names
    (None where the list has no row or an empty cell: the full name is shown)."""
    short = short.rename(columns={short_key: key, **{f"short_{lang}": f"short_name_{lang}"
                                                     for lang in schema.SHORT_LANGS}})
    out = frame.merge(short[[key, *(f"short_name_{lang}" for lang in schema.SHORT_LANGS)]],
                      on=key, how="left")
    for lang in schema.SHORT_LANGS:
        col = out[f"short_name_{lang}"]
        out[f"short_name_{lang}"] = col.where(col.notna() & (col != ""), None).astype(object)
    return out


def _enterprises(seed: int) -> pd.DataFrame:
    """All enterprises at full size, with generator-only columns (profile, size_usd,
    pool = candidate headings)."""
    rng = _rng(seed, "enterprises")
    heading_ok = set(refdata.hs_headings()["code"])
    for p in PROFILES.values():
        bad = set(p.headings.split()) - heading_ok
        if bad:
            raise RuntimeError(f"unknown HS headings in a profile: {sorted(bad)}")
    concern_kind = {c[0]: c[3] for c in CONCERNS}
    rows, used_names = [], set()

    major = refdata.by_enterprises()
    for _, m in major.iterrows():
        size_mn, profile, price_mult = MAJORS[m["enterprise_en"]]
        concern = (HOLDING_CONCERN.get(m["holding"]) or GROUP_CONCERN.get(m["group_en"])
                   or "other")
        own = m["hs_headings"].split(";")
        extra = [h for h in PROFILES[profile].headings.split() if h not in own]
        extra = list(rng.choice(extra, size=min(len(extra), 6), replace=False)) if extra else []
        rows.append(dict(name_ru=m["enterprise_ru"], name_en=m["enterprise_en"],
                         short_name_ru=m["short_ru"] or None,
                         short_name_en=m["short_en"] or None,
                         short_name_de=m["short_de"] or None,
                         concern_id=concern, oblast_id=m["oblast_iso"], city=m["city"],
                         is_major=True, profile=profile, size_usd=size_mn * 1e6,
                         price_mult=price_mult, pool=own + extra, n_own=len(own)))
        used_names.update({m["enterprise_ru"], m["enterprise_en"]})
        used_names.update(re.findall(r"«([^«»]+)»", m["enterprise_ru"]))

    cities = {ob: [(t.split(":")[0], t.split(":")[1].replace("_", " "), float(t.split(":")[2]))
                   for t in spec.split()] for ob, spec in CITIES.items()}
    home = {r["concern_id"]: r["oblast_id"] for r in rows
            if r["concern_id"] in HOLDING_CONCERN.values()}
    for concern, (n, mix) in CONCERN_SMALL.items():
        kind = concern_kind[concern]
        legal = LEGAL_BY_KIND.get(kind, {"РУП": .5, "ОАО": .3, "УП": .2}
                                  if concern == "minzdrav" else LEGAL_STATE)
        for _ in range(n):
            profile = _pick(rng, mix)
            prof = PROFILES[profile]
            if concern in OBLCOM_OBLAST:
                oblast = OBLCOM_OBLAST[concern]
            elif concern in home and rng.random() < .55:
                oblast = home[concern]
            elif profile in FOOD_PROFILES:  # farms and food plants sit outside the capital
                oblast = _pick(rng, {**OBLAST_WEIGHT, "BY-HM": .05})
            else:
                oblast = _pick(rng, OBLAST_WEIGHT)
            towns = cities[oblast]
            w = np.array([t[2] for t in towns])
            adj, town_en, _ = towns[rng.choice(len(towns), p=w / w.sum())]
            form = _pick(rng, legal)
            name = None
            if rng.random() < (.35 if kind == "other" else .8):
                ru, gender, en, forced = prof.nouns[rng.integers(len(prof.nouns))]
                form = forced or form
                core_ru, core_en = f"{_adjective(adj, gender)} {ru}", f"{town_en} {en}"
                if core_ru not in used_names and core_en not in used_names:
                    name = (core_ru, core_en)
            for attempt in range(50):
                if name is not None:
                    break
                if form == "ГЛХУ":
                    form = "ОАО"
                pre_ru, pre_en = BRAND_PREFIXES[rng.integers(len(BRAND_PREFIXES))]
                suf_ru, suf_en = prof.brands[rng.integers(len(prof.brands))]
                if pre_en.endswith("-"):
                    core_ru = f"{pre_ru}-{suf_ru.capitalize()}"
                    core_en = f"{pre_en}{suf_en.capitalize()}"
                else:
                    core_ru, core_en = pre_ru + suf_ru, pre_en + suf_en
                if attempt > 5:  # the short names are taken: add a suffix
                    sfx_ru, sfx_en = BRAND_SUFFIXES[rng.integers(len(BRAND_SUFFIXES))]
                    core_ru, core_en = f"{core_ru}-{sfx_ru}", f"{core_en}-{sfx_en}"
                if attempt > 30:
                    core_ru, core_en = f"{core_ru}-{attempt}", f"{core_en}-{attempt}"
                if core_ru not in used_names and core_en not in used_names:
                    name = (core_ru, core_en)
            name_ru = f"{form} «{name[0]}»"
            used_names.update(name)
            pool = prof.headings.split()
            k = int(rng.integers(3, min(len(pool), 10) + 1))
            pw = 0.8 ** np.arange(len(pool))
            chosen = list(rng.choice(pool, size=k, replace=False, p=pw / pw.sum()))
            size = prof.median_mn * 1e6 * np.exp(rng.normal(0, 1.1))
            # the short name is the name without its legal form (German: the English)
            rows.append(dict(name_ru=name_ru, name_en=f'{LEGAL_EN[form]} "{name[1]}"',
                             short_name_ru=name[0], short_name_en=name[1],
                             short_name_de=name[1],
                             concern_id=concern, oblast_id=oblast, city=town_en,
                             is_major=False, profile=profile,
                             size_usd=float(np.clip(size, 5e4, 8e7)), price_mult=1.0,
                             pool=chosen, n_own=1))
    ent = pd.DataFrame(rows)
    ent.insert(0, "enterprise_id", np.arange(1, len(ent) + 1, dtype=np.int64))
    unps, seen = [], set()
    for ob in ent["oblast_id"]:
        while True:
            unp = UNP_PREFIX[ob] + f"{rng.integers(0, 10**8):08d}"
            if unp not in seen:
                break
        seen.add(unp)
        unps.append(unp)
    ent["unp"] = unps
    ent["is_industrial"] = ~ent["profile"].isin(FOOD_PROFILES)
    ent["group"] = ent["profile"].map(lambda p: PROFILES[p].group)
    ent["season"] = ent["profile"].map(lambda p: PROFILES[p].season)
    return ent


# -- enterprise × month values ----------------------------------------------------------
def _current_growth(ent: pd.DataFrame, rng) -> np.ndarray:
    """This year's growth over last year per enterprise: machinery falls, food grows, and
    within every concern a minority moves the other way."""
    mean = ent["group"].map(CURRENT_GROWTH).to_numpy(float)
    major = ent["is_major"].to_numpy()
    g = mean + rng.normal(0, .10, len(ent))
    falling = ent["group"].isin(FALLING_GROUPS).to_numpy()
    growing = ent["group"].isin(GROWING_GROUPS).to_numpy()
    g[major & falling] = rng.uniform(-.22, -.10, (major & falling).sum())
    g[major & growing] = rng.uniform(.05, .14, (major & growing).sum())
    other = major & ~falling & ~growing
    g[other] = mean[other] + rng.normal(0, .05, other.sum())
    for _, idx in ent[~ent["is_major"]].groupby("concern_id").groups.items():
        idx = rng.permutation(np.asarray(idx))
        n_flip = max(1, round(.15 * len(idx))) if len(idx) >= 4 else 0
        for i in idx[:n_flip]:
            if falling[i]:
                g[i] = rng.uniform(.02, .15)
            elif growing[i]:
                g[i] = rng.uniform(-.25, -.03)
        for i in idx[n_flip:n_flip + round(.1 * len(idx))]:
            if falling[i]:  # collapsing exporters
                g[i] = rng.uniform(-.55, -.30)
    return np.clip(g, -.7, 1.0)


def _enterprise_months(ent: pd.DataFrame, months: pd.DatetimeIndex, seed: int):
    """E (enterprise × month, USD) before calibration, the current-year growth and the
    first active month of each enterprise."""
    rng = _rng(seed, "enterprise-months")
    n, T = len(ent), len(months)
    years = months.year.to_numpy()
    cur = int(years[-1])
    first = int(years[0])
    hist_years = np.arange(first, max(cur, first + 1))  # years before the current one
    major = ent["is_major"].to_numpy()

    # yearly level: group path × the enterprise's own drift, interpolated between mid-years
    gi = np.array([[GROUP_INDEX[g][min(y - 2021, 4)] for y in hist_years] for g in ent["group"]])
    sigma = np.where(major, .06, .12)[:, None]
    drift = rng.normal(0, 1, (n, len(hist_years))) * sigma
    drift[:, 0] = 0
    level_y = gi * np.exp(np.cumsum(drift, axis=1))
    centres = 12 * (hist_years - first) + 5.5
    t = np.arange(T, dtype=float)
    level = np.empty((n, T))
    for i in range(n):
        level[i] = np.interp(t, centres, np.log(level_y[i]))
    level = np.exp(level)
    g = _current_growth(ent, rng)
    cur_t = np.nonzero(years == cur)[0]
    if cur > first:
        for tt in cur_t:
            level[:, tt] = level[:, tt - 12] * (1 + g)

    season = np.array([SEASON[s] for s in ent["season"]])
    season = season / season.mean(axis=1, keepdims=True)
    moy = months.month.to_numpy() - 1
    noise_sd = np.where(major, .05, .12)
    x = np.zeros((n, T))
    eps = rng.normal(0, 1, (n, T))
    x[:, 0] = eps[:, 0] * noise_sd
    for tt in range(1, T):
        x[:, tt] = .6 * x[:, tt - 1] + .8 * noise_sd * eps[:, tt]
    E = ent["size_usd"].to_numpy()[:, None] / 12 * level * season[:, moy] * np.exp(x)

    # a few generated exporters start after January 2021
    start = np.zeros(n, dtype=int)
    late = (~major) & (rng.random(n) < .06)
    if T > 30:
        start[late] = rng.integers(12, T - 18, late.sum())
    E[t[None, :] < start[:, None]] = 0
    return E, g, start


def _guardrails(E: np.ndarray, ent: pd.DataFrame, months: pd.DatetimeIndex) -> None:
    """Keep the headline story whatever the noise: machinery concerns fall 12–23 % this
    year, the food concerns and the oblasts' dairy and meat plants grow 6–14 % (before
    the uniform current-year calibration, which moves them by a point or so). Scales
    an affected group's current-year months in place."""
    years = months.year.to_numpy()
    cur_t = np.nonzero(years == years[-1])[0]
    if years[-1] == years[0]:
        return
    concern = ent["concern_id"].to_numpy()
    oblcom_food = np.isin(concern, list(OBLCOM_OBLAST)) & ent["profile"].isin(
        ["dairy", "meat"]).to_numpy()
    groups = [(concern == c, -.23, -.12) for c in MACHINERY_CONCERNS]
    groups += [(concern == c, .06, .14) for c in ("belgospishcheprom", "minagro")]
    groups.append((oblcom_food, .06, .14))
    for mask, lo, hi in groups:
        now, before = E[np.ix_(mask, cur_t)].sum(), E[np.ix_(mask, cur_t - 12)].sum()
        if now > 0 and before > 0:
            r = now / before - 1
            E[np.ix_(mask, cur_t)] *= (1 + np.clip(r, lo, hi)) / (1 + r)


def _calibrate(E: np.ndarray, months: pd.DatetimeIndex) -> np.ndarray:
    years = months.year.to_numpy()
    cur = int(years[-1])
    E = E.copy()
    target = {}
    for y in np.unique(years):
        y = int(y)
        sel = years == y
        if y == cur and y > years[0]:
            prev = np.nonzero(sel)[0] - 12
            target[y] = E[:, prev].sum() * (1 + CURRENT_YEAR_YOY)
        else:
            full = ANNUAL_TOTAL_USD_BN.get(y) or ANNUAL_TOTAL_USD_BN[max(ANNUAL_TOTAL_USD_BN)]
            target[y] = full * 1e9 * sel.sum() / 12
        E[:, sel] *= target[y] / E[:, sel].sum()
    return E


def _decline_runs(E: np.ndarray, start: np.ndarray, major: np.ndarray,
                  seed: int) -> np.ndarray:
    """Give ~12 % of the generated enterprises an unbroken run of 3–10 months below the same month
    of last year, ending in the latest month, so that "months in a row of decline" has
    something to find. Returns the run length per enterprise (0 = none)."""
    rng = _rng(seed, "runs")
    n, T = E.shape
    runs = np.zeros(n, dtype=int)
    if T < 24:
        return runs
    eligible = np.nonzero((start <= T - 24) & ~major)[0]
    chosen = rng.choice(eligible, size=round(.12 * n), replace=False)
    for i in chosen:
        L = int(rng.integers(3, 11))
        for tt in range(T - L, T):
            E[i, tt] = min(E[i, tt], E[i, tt - 12] * rng.uniform(.62, .92))
        t0 = T - L - 1
        E[i, t0] = max(E[i, t0], E[i, t0 - 12] * rng.uniform(1.06, 1.12))
        runs[i] = L
    return runs


# -- export cells and rows --------------------------------------------------------------
def _cells(ent: pd.DataFrame, E: np.ndarray, region_w: np.ndarray, head_index: dict,
           scale: float, seed: int):
    """(enterprise, heading, region) cells with a value share and a monthly probability of
    shipping. Their number, and so the number of export rows, grows with the scale."""
    rng = _rng(seed, "cells")
    n, T = E.shape
    active = (E > 0).sum(axis=1)
    w = ent["size_usd"].to_numpy() ** .45 * active / T
    R = len(region_w)
    cap = np.array([len(pool) for pool in ent["pool"]]) * R
    share_w = w / w.sum()
    f = ROWS_PER_SCALE * scale / T / .5
    for _ in range(8):  # solve for f: expected rows = ROWS_PER_SCALE × scale
        n_cells = np.clip(np.ceil(f * share_w), 1, cap).astype(int)
        c = n_cells.astype(float)  # Σ p over a cell list, p as set below
        rows = ((1 + .25 * (c - 1) + .75 * (c - 1) * (2 * c - 1) / (6 * c)) * active).sum()
        f *= ROWS_PER_SCALE * scale / rows
    out_e, out_h, out_r, out_s, out_p = [], [], [], [], []
    major = ent["is_major"].to_numpy()
    for i, (pool, n_own) in enumerate(zip(ent["pool"], ent["n_own"])):
        hw = np.where(np.arange(len(pool)) < n_own, 1.0, .15) * .7 ** np.arange(len(pool))
        rw = region_w ** (.8 if major[i] else 1.0) * np.exp(
            rng.normal(0, .6 if major[i] else 1.2, R))
        score = (hw[:, None] * rw[None, :]).ravel()
        c = min(n_cells[i], score.size)
        top = np.argpartition(-score, c - 1)[:c] if c < score.size else np.arange(score.size)
        top = top[np.argsort(-score[top])]
        share = score[top] * np.exp(rng.normal(0, .4, c))
        share /= share.sum()
        rank = np.arange(c) / c
        p = .25 + .75 * (1 - rank) ** 2
        p[0] = 1.0  # the main cell ships every month, so every month has a row
        out_e.append(np.full(c, i, np.int32))
        out_h.append(np.array([head_index[pool[k]] for k in top // R], np.int32))
        out_r.append((top % R).astype(np.int32))
        out_s.append(share)
        out_p.append(p)
    cat = np.concatenate
    return dict(e=cat(out_e), h=cat(out_h), r=cat(out_r), share=cat(out_s), p=cat(out_p))


def _exports(ent, E, cells, months, head_codes, region_codes, seed: int) -> pd.DataFrame:
    return pd.concat(list(_export_chunks(ent, E, cells, months, head_codes, region_codes,
                                         seed, months_per_chunk=len(months))),
                     ignore_index=True)


def _export_chunks(ent, E, cells, months, head_codes, region_codes, seed: int,
                   months_per_chunk: int = 6):
    """The export rows, ``months_per_chunk`` months at a time (month-major). The numbers
    do not depend on the chunk size: the draws of each purpose come from their own copy
    of the stream, taken where the single-pass order had it, and a row's value is
    normalised within its enterprise and month, which a chunk always holds whole."""
    rng = _rng(seed, "export-rows")
    T = len(months)
    years = months.year.to_numpy()
    yi = years - years[0]
    n_years = yi[-1] + 1
    C = len(cells["e"])
    # products and regions drift year to year; in the current year some clearly fall
    hf = np.exp(np.cumsum(rng.normal(0, .06, (len(head_codes), n_years)), axis=1))
    hf[:, -1] *= np.exp(rng.normal(0, .12, len(head_codes))) * np.where(
        rng.random(len(head_codes)) < .08, .75, 1.0)
    rf = np.exp(np.cumsum(rng.normal(0, .04, (len(region_codes), n_years)), axis=1))
    rf[:, -1] *= np.exp(rng.normal(0, .06, len(region_codes))) * np.where(
        rng.random(len(region_codes)) < .08, .85, 1.0)

    ce, ch, cr = cells["e"], cells["h"], cells["r"]
    c_by_month = []
    for tt in range(T):  # month-major, so the rows come out sorted by month
        on = (rng.random(C, dtype=np.float32) < cells["p"]) & (E[ce, tt] > 0)
        c_by_month.append(np.nonzero(on)[0].astype(np.int32))
    n_rows = sum(c.size for c in c_by_month)
    # the single pass drew n_rows lognormals, then n_rows uniforms: two copies of the
    # stream, the second moved past the lognormals
    rng_ln = np.random.Generator(type(rng.bit_generator)())
    rng_ln.bit_generator.state = rng.bit_generator.state
    for lo in range(0, n_rows, 10_000_000):
        rng.lognormal(0, .25, min(10_000_000, n_rows - lo))
    rng_un = rng

    price, piece = _unit_prices(head_codes)
    ent_ids = ent["enterprise_id"].to_numpy()
    price_mult = ent["price_mult"].to_numpy()
    for t0 in range(0, T, months_per_chunk):
        span = range(t0, min(T, t0 + months_per_chunk))
        c_idx = np.concatenate([c_by_month[tt] for tt in span])
        t_idx = np.concatenate([np.full(c_by_month[tt].size, tt, np.int16) for tt in span])
        e_idx, h_idx, r_idx = ce[c_idx], ch[c_idx], cr[c_idx]
        raw = (cells["share"][c_idx] / cells["p"][c_idx] * hf[h_idx, yi[t_idx]]
               * rf[r_idx, yi[t_idx]] * rng_ln.lognormal(0, .25, c_idx.size))
        key = e_idx.astype(np.int64) * T + t_idx
        norm = np.bincount(key, weights=raw, minlength=E.size)
        value = np.round(raw / norm[key] * E.ravel()[key], 2)
        value = np.maximum(value, 0.01)

        pm = price_mult[e_idx]
        unit = price[h_idx] * pm * 1.03 ** yi[t_idx] * rng_un.uniform(.93, 1.07, c_idx.size)
        qty = value / unit
        qty = np.where(piece[h_idx], np.maximum(1, np.round(qty)),
                       np.maximum(.001, np.round(qty, 3)))
        yield pd.DataFrame({
            "month": months.values[t_idx],
            "enterprise_id": ent_ids[e_idx],
            "heading_id": pd.Categorical.from_codes(h_idx, categories=head_codes),
            "region_id": pd.Categorical.from_codes(r_idx, categories=region_codes),
            "value_usd": value,
            "quantity": qty,
        })


def _by_chapter(chunk: pd.DataFrame) -> pd.DataFrame:
    """A chunk of export rows summed to (month, enterprise, chapter, Russian region): what
    the targets and the other subjects' generators read of the exports when the rows
    themselves go to disk. Its ``heading_id`` holds the chapter (those generators read
    only a heading's first two digits)."""
    chapter = chunk["heading_id"].cat.categories.str[:2]
    chapters = pd.Index(sorted(set(chapter)))
    x = pd.DataFrame({"month": chunk["month"].to_numpy(),
                      "enterprise_id": chunk["enterprise_id"].to_numpy(),
                      "heading_id": pd.Categorical.from_codes(
                          chapters.get_indexer(chapter)[chunk["heading_id"].cat.codes],
                          categories=chapters),
                      "region_id": chunk["region_id"].values,
                      "value_usd": chunk["value_usd"].to_numpy()})
    return x.groupby(["month", "enterprise_id", "heading_id", "region_id"], observed=True,
                     as_index=False, sort=True)["value_usd"].sum()


def _unit_prices(head_codes) -> tuple[np.ndarray, np.ndarray]:
    price = np.array([PIECE_PRICE.get(h) or TONNE_PRICE_BY_HEADING.get(h)
                      or TONNE_PRICE_BY_CHAPTER.get(h[:2], 2000) for h in head_codes], float)
    piece = np.array([h in PIECE_PRICE for h in head_codes])
    return price, piece


# -- targets, distribution network, stock, receivables ----------------------------------
def _targets(ent, exports, months, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every year with a previous year of data: growth % and previous actual × (1 + g)."""
    rng = _rng(seed, "targets")
    years = np.arange(months.year[0], months.year[-1] + 1)
    by = pd.DataFrame({"enterprise_id": exports["enterprise_id"].to_numpy(),
                       "year": exports["month"].dt.year.to_numpy(),
                       "v": exports["value_usd"].to_numpy()})
    by = by.groupby(["enterprise_id", "year"], as_index=False)["v"].sum().merge(
        ent[["enterprise_id", "concern_id", "oblast_id"]], on="enterprise_id")
    out = []
    for key, ambitious in (("concern_id", set(MACHINERY_CONCERNS)), ("oblast_id", set())):
        actual = by.groupby([key, "year"])["v"].sum()
        rows = []
        for y in years[1:]:
            for k in sorted(by[key].unique()):
                prev = actual.get((k, y - 1), 0.0)
                if prev <= 0:
                    continue
                g = round(float(rng.uniform(8, 15) if k in ambitious else rng.uniform(3, 10)), 1)
                rows.append((int(y), k, g, round(prev * (1 + g / 100), 2)))
        out.append(pd.DataFrame(rows, columns=["year", key, "growth_pct", "value_usd"]))
    return out[0], _oblasts_share_national(out[1], out[0], by)


def _oblasts_share_national(oblast: pd.DataFrame, concern: pd.DataFrame,
                            by: pd.DataFrame) -> pd.DataFrame:
    """There is one national target, split by concern and again by oblast: scale each
    year's oblast targets to the concerns' sum (to the cent, the rounding remainder on
    the largest) and restate their growth on the oblast's previous year."""
    national = concern.groupby("year")["value_usd"].sum()
    prev = by.groupby(["oblast_id", "year"])["v"].sum()
    parts = []
    for year, part in oblast.groupby("year", sort=True):
        part = part.copy()
        value = (part["value_usd"] * national[year] / part["value_usd"].sum()).round(2)
        value.iloc[int(np.argmax(value.to_numpy()))] += round(national[year] - value.sum(), 2)
        part["value_usd"] = value.round(2)
        before = np.array([prev[(k, year - 1)] for k in part["oblast_id"]])
        part["growth_pct"] = ((part["value_usd"].to_numpy() / before - 1) * 100).round(1)
        parts.append(part)
    if not parts:
        return oblast
    return pd.concat(parts, ignore_index=True)


def _subjects(region_table: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = _rng(seed, "subjects")
    codes = region_table["region_id"].to_numpy()
    city = dict(zip(codes, region_table["city_ru"]))
    w = region_table["weight"].to_numpy() ** .8
    rows, names = [], set()
    for concern, (n, brand) in SUBJECT_MIX.items():
        if concern in MACHINERY_CONCERNS and concern != "minprom":
            kinds = {"dealer": .5, "trading_house": .2, "warehouse": .15, "multibrand_center": .15}
        elif concern == "minprom":
            kinds = {"multibrand_center": .6, "warehouse": .2, "trading_house": .2}
        else:
            kinds = {"trading_house": .5, "warehouse": .3, "dealer": .2}
        regions = rng.choice(codes, size=n, p=w / w.sum())
        regions[0] = "RU-MOW"
        for j, reg in enumerate(regions):
            kind = "trading_house" if j == 0 else _pick(rng, kinds)
            c = city[reg]
            name = {
                "trading_house": f"ООО «Торговый дом «{brand}-{c}»»",
                "dealer": (f"Дилерский центр «{brand}-{c}»" if rng.random() < .5
                           else f"ООО «{brand}-Сервис {c}»"),
                "warehouse": f"Склад ТД «{brand}» ({c})",
                "multibrand_center": f"Торгово-сервисный центр «Белтехника-{c}»",
            }[kind]
            base, k = name, 2
            while name in names:
                name, k = f"{base} № {k}", k + 1
            names.add(name)
            rows.append((name, kind, reg, concern))
    df = pd.DataFrame(rows, columns=["name", "kind", "region_id", "concern_id"])
    df.insert(0, "subject_id", np.arange(1, len(df) + 1, dtype=np.int64))
    return df


def _rolling3(a: np.ndarray) -> np.ndarray:
    c = np.cumsum(np.pad(a, ((0, 0), (3, 0))), axis=1)
    return (c[:, 3:] - c[:, :-3]) / 3


def _ar_noise(rng, shape, sd: float, phi: float = .7) -> np.ndarray:
    eps = rng.normal(0, sd, shape)
    x = np.empty(shape)
    x[:, 0] = eps[:, 0]
    for t in range(1, shape[1]):
        x[:, t] = phi * x[:, t - 1] + np.sqrt(1 - phi ** 2) * eps[:, t]
    return np.exp(x)


def _stock(ent, E, cells, subjects, months, head_codes, region_codes, n_export_rows,
           seed: int) -> pd.DataFrame:
    """Month-end stock in the distribution network: 1–3 months of the expected shipments
    of that cell, more where the enterprise's shipments fall."""
    rng = _rng(seed, "stock")
    T = len(months)
    reg_pos = {r: i for i, r in enumerate(region_codes)}
    concern = ent["concern_id"].to_numpy()
    annual = E[:, -12:].sum(axis=1)
    cdf = pd.DataFrame({"c": np.arange(len(cells["e"])), "r": cells["r"],
                        "concern_id": concern[cells["e"]],
                        "val": cells["share"] * annual[cells["e"]]})
    cdf = cdf[cdf["val"] > 0]
    sub = subjects[["subject_id", "kind", "concern_id"]].assign(
        r=subjects["region_id"].map(reg_pos).to_numpy())
    multi = sub[sub["kind"] == "multibrand_center"].drop(columns="concern_id").merge(
        pd.DataFrame({"concern_id": MACHINERY_CONCERNS}), how="cross")
    elig = pd.concat([sub[sub["kind"] != "multibrand_center"], multi], ignore_index=True)
    cand = elig.merge(cdf, on=["concern_id", "r"])
    cand["score"] = cand["val"] * rng.uniform(.5, 1.5, len(cand))
    cand = cand.sort_values(["score", "subject_id", "c"], ascending=[False, True, True])
    n_series = max(1, round(.05 * n_export_rows / T))
    first = cand.drop_duplicates("subject_id")
    rest = cand.drop(first.index)
    sel = pd.concat([first, rest]).head(max(n_series, 1)).drop_duplicates(["subject_id", "c"])
    sel = sel.sort_values(["subject_id", "c"]).reset_index(drop=True)
    c = sel["c"].to_numpy()
    e, h = cells["e"][c], cells["h"][c]
    share = 1.0 / sel.groupby("c")["c"].transform("size").to_numpy()

    r3e = _rolling3(E)
    prev = np.full_like(r3e, np.nan)
    prev[:, 12:] = r3e[:, :-12]
    with np.errstate(divide="ignore", invalid="ignore"):
        decline = np.clip(1 - r3e / prev - .04, 0, .4)
    build = 1 + 6 * np.nan_to_num(decline)  # shipments −20 %: cover × 1.96, stock × 1.57
    S = len(sel)
    cover = rng.uniform(1, 3, S)[:, None]
    value = (_rolling3(E[e] * cells["share"][c][:, None]) * share[:, None] * cover * build[e]
             * _ar_noise(rng, (S, T), .08))
    price, piece = _unit_prices(head_codes)
    yi = months.year.to_numpy() - months.year[0]
    unit = (price[h] * ent["price_mult"].to_numpy()[e])[:, None] * 1.03 ** yi[None, :] * .95
    qty = value / unit
    qty = np.where(piece[h][:, None], np.round(qty), np.round(qty, 3))
    value = np.where(piece[h][:, None], qty * unit, value)
    # month-major order
    t_idx, s_idx = np.nonzero((qty.T > 0) & (value.T >= 1))
    return pd.DataFrame({
        "month": months.values[t_idx],
        "subject_id": sel["subject_id"].to_numpy()[s_idx],
        "enterprise_id": ent["enterprise_id"].to_numpy()[e[s_idx]],
        "heading_id": pd.Categorical.from_codes(h[s_idx], categories=head_codes),
        "quantity": qty[s_idx, t_idx],
        "value_usd": np.round(value[s_idx, t_idx], 2),
    })


def _fix_to_total(parts: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Round parts (…, k) to cents and move the rounding difference into the largest part,
    so that they add up to ``total`` (already in cents) exactly."""
    out = _move_difference(np.round(parts, 2), total)
    # where the difference is larger than the largest part (the total was capped well
    # below the parts' sum, or set to 0 under a dollar), the parts are scaled to the total
    # first; seen only at very large scales, so smaller builds are unchanged
    bad = (out < 0).any(axis=-1)
    if bad.any():
        p, t = parts[bad], total[bad]
        s = p.sum(axis=-1)
        factor = np.divide(t, s, out=np.zeros_like(s), where=s > 0)
        out[bad] = _move_difference(np.round(p * factor[..., None], 2), t)
    return out


def _move_difference(parts: np.ndarray, total: np.ndarray) -> np.ndarray:
    diff = np.round(total - parts.sum(axis=-1), 2)
    big = parts.argmax(axis=-1)
    np.put_along_axis(parts, big[..., None],
                      np.take_along_axis(parts, big[..., None], -1) + diff[..., None], -1)
    return np.round(parts, 2)


def _receivables(ent, E, cells, months, region_codes, g, runs, n_export_rows, seed: int):
    """Month-end receivables for each enterprise's main regions. Overdue debt is kept by
    age month: each month part of every vintage is paid and the rest grows older, so
    overdue that persists moves to the older buckets."""
    rng = _rng(seed, "receivables")
    T = len(months)
    n = len(ent)
    pairs = pd.DataFrame({"e": cells["e"], "r": cells["r"], "s": cells["share"]}).groupby(
        ["e", "r"], as_index=False)["s"].sum()
    active = E.sum(axis=1) > 0
    w = ent["size_usd"].to_numpy() ** .8 * active
    n_pairs = max(1, round(.04 * n_export_rows / T))
    k = np.floor(n_pairs * w / w.sum() + rng.random(n)).astype(int)
    k[active & (k == 0) & ent["is_major"].to_numpy()] = 1
    pairs = pairs.sort_values(["e", "s", "r"], ascending=[True, False, True])
    pairs = pairs[pairs.groupby("e").cumcount().to_numpy() < k[pairs["e"].to_numpy()]]
    pairs = pairs.reset_index(drop=True)
    pe, pr = pairs["e"].to_numpy(), pairs["r"].to_numpy()
    P = len(pairs)

    ship = _rolling3(E[pe] * pairs["s"].to_numpy()[:, None])
    total = ship * rng.uniform(1.0, 2.5, P)[:, None] * _ar_noise(rng, (P, T), .08)
    falling = ((g < -.08) | (runs > 0))[pe]
    share = rng.uniform(.05, .15, P)[:, None] * _ar_noise(rng, (P, T), .25)
    high = rng.uniform(.20, .45, P)
    ramp = np.clip((np.arange(T) - (T - 16)) / 15, 0, 1)
    share = np.where(falling[:, None], share + (high[:, None] - share) * ramp[None, :], share)
    share = np.where((~falling[:, None]) & (rng.random((P, T)) < .08), 0, share)
    target = total * np.clip(share, 0, .9)

    surv = np.array([.50, .65, .70, .75, .75, .80, .88])
    surv = np.where(falling[:, None], np.minimum(surv + .1, .95), surv)
    V = np.zeros((P, 7))
    ages = np.zeros((P, T, 4))
    for t in range(-12, T):  # 12 months of burn-in so that 2021 already has old debt
        tt = max(t, 0)
        old = V * surv
        new = np.zeros((P, 7))
        new[:, 1:6] = old[:, :5]
        new[:, 6] = old[:, 5] + old[:, 6]
        have = new.sum(axis=1)
        want = target[:, tt]
        scale_down = np.where(have > want, want / np.maximum(have, 1e-9), 1.0)
        new *= scale_down[:, None]
        new[:, 0] = np.maximum(0, want - new.sum(axis=1))
        V = new
        if t >= 0:
            ages[:, t] = np.stack([V[:, 0], V[:, 1] + V[:, 2], V[:, 3:6].sum(axis=1), V[:, 6]],
                                  axis=1)

    total_c = np.round(total, 2)
    overdue = np.round(np.minimum(ages.sum(axis=2), total_c), 2)
    overdue = np.where(overdue < 1, 0.0, overdue)
    buckets = _fix_to_total(ages, overdue)

    bias = np.ones((P, len(CAUSES)))
    bias[falling, 0] *= 2.0
    bias[falling, 1] *= 2.5
    machinery = ent["concern_id"].isin(MACHINERY_CONCERNS).to_numpy()[pe]
    bias[machinery, 2] *= 2.0
    base = rng.dirichlet(np.full(len(CAUSES), .4), P) * bias
    cw = base[:, None, :] * np.exp(rng.normal(0, .2, (P, T, len(CAUSES))))
    cw /= cw.sum(axis=2, keepdims=True)
    cw = np.where(cw >= .12, cw, 0)
    cw /= cw.sum(axis=2, keepdims=True)
    amounts = _fix_to_total(overdue[..., None] * cw, overdue)

    keep_t, keep_p = np.nonzero((total_c >= 1).T)  # month-major
    ent_id = ent["enterprise_id"].to_numpy()
    month = months.values[keep_t]
    b = buckets[keep_p, keep_t]
    od = overdue[keep_p, keep_t]
    am = amounts[keep_p, keep_t]
    main = np.array(CAUSES, dtype=object)[am.argmax(axis=1)]
    main[od == 0] = None
    region_cat = pd.Categorical.from_codes(pr[keep_p], categories=region_codes)
    receivable = pd.DataFrame({
        "month": month, "enterprise_id": ent_id[pe[keep_p]], "region_id": region_cat,
        "total_usd": total_c[keep_p, keep_t], "overdue_usd": od,
        "overdue_upto_30_usd": b[:, 0], "overdue_31_90_usd": b[:, 1],
        "overdue_91_180_usd": b[:, 2], "overdue_over_180_usd": b[:, 3],
        "main_cause": main})
    row, cause = np.nonzero(am > 0)
    receivable_cause = pd.DataFrame({
        "month": month[row], "enterprise_id": receivable["enterprise_id"].to_numpy()[row],
        "region_id": region_cat[row],
        "cause": pd.Categorical.from_codes(cause, categories=list(CAUSES)),
        "overdue_usd": am[row, cause]})
    return receivable, receivable_cause


# -- the whole data set -----------------------------------------------------------------
# Above this scale (about 12 million export rows) the enterprises' heading pools no
# longer hold the cells the scale asks for (a cell is an enterprise, heading and
# Russian region): each pool is widened with the rest of its profile's headings and
# then every heading of the chapters it has, so that scale 167 gives ~100 million rows.
# At or below it nothing changes (the demo and the 10-million-row bench database).
WIDE_POOLS_ABOVE_SCALE = 20.0


def _widen_pools(ent: pd.DataFrame, headings: pd.DataFrame) -> pd.DataFrame:
    by_chapter = headings.groupby("chapter_id", sort=True)["heading_id"].apply(list).to_dict()
    pools = []
    for pool, profile in zip(ent["pool"], ent["profile"]):
        wide = list(pool) + [h for h in PROFILES[profile].headings.split() if h not in pool]
        have = set(wide)
        for chapter in dict.fromkeys(h[:2] for h in list(wide)):
            extra = [h for h in by_chapter.get(chapter, []) if h not in have]
            wide += extra
            have.update(extra)
        pools.append(wide)
    return ent.assign(pool=pools)


def generate(scale: float = 1.0, seed: int = 20261026,
             end_month: str = "2026-10", *, exports_sink=None) -> dict[str, pd.DataFrame]:
    """One DataFrame per table of ``queries.schema`` except load_log and the rollups,
    columns named as in the schema; ``month`` is datetime64 (first of month). Code
    columns of the fact tables are categoricals of strings. Same arguments, same frames.

    With ``exports_sink`` (a callable) the export rows are not kept: they are handed to
    it half a year at a time, in month order, and the result has no ``exports`` frame
    (100 million rows would need tens of GB in memory). The rows are the same."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    months = _months(end_month)
    out = _dimensions(seed)
    region_table = _regions_table().set_index("region_id").loc[
        out["ru_region"]["region_id"]].reset_index()
    region_codes = region_table["region_id"].tolist()
    head_codes = out["hs_heading"]["heading_id"].tolist()
    head_index = {h: i for i, h in enumerate(head_codes)}

    ent = _enterprises(seed)
    E, g, start = _enterprise_months(ent, months, seed)
    n_keep = FULL_ENTERPRISES if scale >= .25 else max(80, round(FULL_ENTERPRISES * scale / .25))
    if n_keep < len(ent):  # tiny test scales: the majors plus a fixed sample of the rest
        order = _rng(seed, "subset").permutation(np.nonzero(~ent["is_major"].to_numpy())[0])
        keep = np.sort(np.concatenate([np.nonzero(ent["is_major"].to_numpy())[0],
                                       order[:n_keep - ent["is_major"].sum()]]))
        # the sample stands for all generated enterprises of its concern, so that the
        # concern and product mix stay as at full size
        small = ~ent["is_major"].to_numpy()
        kept = np.zeros(len(ent), bool)
        kept[keep] = True
        for c in np.unique(ent["concern_id"]):
            mine = (ent["concern_id"] == c).to_numpy() & small
            if (mine & kept).any():
                E[mine & kept] *= E[mine].sum() / E[mine & kept].sum()
        ent, E, g, start = ent.iloc[keep].reset_index(drop=True), E[keep], g[keep], start[keep]
    # runs before calibration: the per-year factors (within a few % of each other) keep
    # the runs intact and the annual totals exact
    runs = _decline_runs(E, start, ent["is_major"].to_numpy(), seed)
    _guardrails(E, ent, months)
    E = _calibrate(E, months)

    if scale > WIDE_POOLS_ABOVE_SCALE:
        ent = _widen_pools(ent, out["hs_heading"])
    cells = _cells(ent, E, region_table["weight"].to_numpy(), head_index, scale, seed)
    if exports_sink is None:
        exports = _exports(ent, E, cells, months, head_codes, region_codes, seed)
        n_export_rows = len(exports)
    else:  # what the targets and the topics read of the rows: sums by chapter
        parts, n_export_rows = [], 0
        for chunk in _export_chunks(ent, E, cells, months, head_codes, region_codes, seed):
            exports_sink(chunk)
            n_export_rows += len(chunk)
            parts.append(_by_chapter(chunk))
            del chunk
        exports = pd.concat(parts, ignore_index=True)
        del parts
    out["enterprise"] = ent[["enterprise_id", "unp", "name_en", "name_ru",
                             *(f"short_name_{lang}" for lang in schema.SHORT_LANGS),
                             "concern_id", "oblast_id", "city", "is_industrial",
                             "is_major"]].copy()
    out["exports"] = exports
    out["target_concern"], out["target_oblast"] = _targets(ent, exports, months, seed)
    out["dist_subject"] = _subjects(region_table, seed).assign(
        brands=None, planned_opening=pd.NaT, opened_on=pd.NaT)  # centres: topics/centres.py
    out["stock"] = _stock(ent, E, cells, out["dist_subject"], months, head_codes, region_codes,
                          n_export_rows, seed)
    out["receivable"], out["receivable_cause"] = _receivables(
        ent, E, cells, months, region_codes, g, runs, n_export_rows, seed)
    # the working group's other subjects: curators, retail contracts, tenders, centres,
    # export support, expectations (each draws from its own seed stream)
    generate_topics(out, seed, end_month)
    if exports_sink is not None:
        del out["exports"]
    return {t.name: out[t.name] for t in schema.metadata.sorted_tables if t.name in out}
