"""Demonstration data of the tenders subject (issue 14): Russian public procurement
(44-FZ, 223-FZ) of machinery that Belarusian enterprises make, and those enterprises'
bids. See ``topics/__init__.py``; the assumptions are in ``catalogue.py`` (section
tenders).

Two parts:

- ``SHOWCASE``: fixed procurements the working group discusses by name — the public
  transport of Stavropol (trolleybuses, buses) and Rostov-on-Don, and one mining-truck
  purchase in Kuzbass that the bids template's example row names. Their register
  numbers, dates, values and outcomes do not depend on the seed (customers' names are
  illustrative).
- A random part: about 200 further procurements 2024 → ``end_month`` across the Russian
  regions where Belarusian machinery sells, each with one or two bids of the concerns
  that make such machinery. Losses to localisation criteria (the national regime and
  the localisation points of Government Resolution 719, tightened by the 2023–24 rules)
  become more frequent over time: about a tenth of decided bids in 2024, a fifth in
  2025, close to a third in 2026.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from .. import catalogue

TOPIC_NO = 3  # curators 1, retail 2, tenders 3, centres 4, support 5, expectations 6
FIRST_DAY = date(2024, 1, 1)
RANDOM_PROCUREMENTS = catalogue.TENDER_PROCUREMENTS

# who bids for what (the demo's enterprises, by their English name in data/refdata)
MAZ, BELAZ, MTZ = "MAZ (Minsk Automobile Plant)", "BelAZ", \
    "MTZ (Minsk Tractor Works), brand BELARUS"
GOMSELMASH, AMKODOR = "Gomselmash", "Amkodor"

SUBJECTS = catalogue.TENDER_SUBJECT_MIX
REGIONS = catalogue.TENDER_REGIONS
CUSTOMERS = {
    "buses": ("МУП «Пассажирский транспорт г. {city}»", "МКУ «Управление транспорта г. {city}»",
              "ГУП «Автоколонна г. {city}»"),
    "trolleybuses": ("МУП «Троллейбусное управление г. {city}»",
                     "МУП «Городской электротранспорт г. {city}»"),
    "road_machinery": ("ГКУ «Управление автомобильных дорог г. {city}»",
                       "ГБУ «Дорожное хозяйство г. {city}»"),
    "municipal_machinery": ("МБУ «Благоустройство г. {city}»",
                            "МБУ «Городское хозяйство г. {city}»"),
    "agricultural_machinery": ("АО «Агрокомплекс г. {city}»",
                               "ГБПОУ «Аграрный колледж г. {city}»"),
    "trucks": ("АО «Горнорудная компания г. {city}»", "МКУ «Спецавтохозяйство г. {city}»"),
}
LOCALISATION_SHARE = catalogue.TENDER_LOCALISATION_SHARE
OTHER_REASONS = ("price", "specification", "documents", "other")
OTHER_WEIGHTS = (0.55, 0.2, 0.15, 0.1)

# (notice_no, customer, region, subject, law, notice, deadline, initial USD,
#  ((enterprise, bid USD or None, outcome, reason or None), ...))
SHOWCASE = (
    ("0321300001124000017", "МУП «Ставропольское троллейбусное предприятие»", "RU-STA",
     "trolleybuses", "44-FZ", date(2024, 3, 12), date(2024, 4, 2), 3_960_000,
     ((MAZ, 3_880_000, "won", None),)),
    ("0321300001124000112", "МУП «Ставропольское троллейбусное предприятие»", "RU-STA",
     "buses", "44-FZ", date(2024, 9, 3), date(2024, 9, 24), 2_880_000,
     ((MAZ, 2_790_000, "won", None),)),
    ("0321300001125000041", "МУП «Ставропольское троллейбусное предприятие»", "RU-STA",
     "trolleybuses", "44-FZ", date(2025, 4, 8), date(2025, 4, 29), 5_280_000,
     ((MAZ, 5_150_000, "lost", "localisation"),)),
    ("32514903377", "ГУП СК «Ставропольское краевое автотранспортное предприятие»",
     "RU-STA", "buses", "223-FZ", date(2025, 10, 14), date(2025, 11, 5), 4_320_000,
     ((MAZ, 4_200_000, "not_admitted", "localisation"),)),
    ("0321300001126000029", "МУП «Ставропольское троллейбусное предприятие»", "RU-STA",
     "trolleybuses", "44-FZ", date(2026, 3, 17), date(2026, 4, 7), 6_600_000,
     ((MAZ, 6_480_000, "lost", "localisation"),)),
    ("0321300001126000087", "МУП «Ставропольское троллейбусное предприятие»", "RU-STA",
     "trolleybuses", "44-FZ", date(2026, 10, 6), date(2026, 11, 10), 7_260_000,
     ((MAZ, 7_100_000, "pending", None),)),
    ("0158300047924000033", "МКУ «Дирекция по транспорту г. Ростова-на-Дону»", "RU-ROS",
     "buses", "44-FZ", date(2024, 5, 21), date(2024, 6, 11), 12_000_000,
     ((MAZ, 11_640_000, "won", None),)),
    ("0158300047924000121", "МКУ «Дирекция по транспорту г. Ростова-на-Дону»", "RU-ROS",
     "trolleybuses", "44-FZ", date(2024, 11, 19), date(2024, 12, 10), 4_950_000,
     ((MAZ, 4_800_000, "won", None),)),
    ("0158300047925000058", "МКУ «Дирекция по транспорту г. Ростова-на-Дону»", "RU-ROS",
     "buses", "44-FZ", date(2025, 3, 25), date(2025, 4, 15), 14_400_000,
     ((MAZ, 14_100_000, "lost", "price"),)),
    ("32515128841", "МУП «Ростовская транспортная компания»", "RU-ROS", "trolleybuses",
     "223-FZ", date(2025, 11, 11), date(2025, 12, 2), 6_930_000,
     ((MAZ, 6_800_000, "not_admitted", "localisation"),)),
    ("0158300047926000044", "МКУ «Дирекция по транспорту г. Ростова-на-Дону»", "RU-ROS",
     "buses", "44-FZ", date(2026, 4, 14), date(2026, 5, 5), 15_600_000,
     ((MAZ, 15_300_000, "lost", "localisation"),)),
    ("0158300047926000102", "МКУ «Дирекция по транспорту г. Ростова-на-Дону»", "RU-ROS",
     "buses", "44-FZ", date(2026, 9, 22), date(2026, 10, 27), 10_800_000,
     ((MAZ, 10_500_000, "pending", None),)),
    ("0158300047926000131", "МБУ «Городское хозяйство г. Ростова-на-Дону»", "RU-ROS",
     "municipal_machinery", "44-FZ", date(2026, 6, 9), date(2026, 6, 30), 1_430_000,
     ((AMKODOR, 1_390_000, "won", None), (MAZ, 1_410_000, "lost", "price"))),
    # the bids template's example row names this one (queries/imports/topics/tenders.py)
    ("32413000777", "АО «Угольная компания «Кузбасс-Восток»", "RU-KEM", "trucks", "223-FZ",
     date(2024, 7, 2), date(2024, 7, 23), 7_800_000,
     ((BELAZ, 7_600_000, "won", None),)),
)
EXAMPLE_NOTICE = "32413000777"


def _last_day(end_month: str) -> date:
    y, m = (int(x) for x in end_month.split("-"))
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _notice_no(law: str, day: date, serial: int, region_no: int) -> str:
    """A register number of the EIS's shape: 44-FZ notices have 19 digits (customer
    code, year, serial), 223-FZ ones 11 (3, year, serial)."""
    if law == "44-FZ":
        return f"0{region_no:03d}3000{900 + serial % 100:03d}{day.year % 100:02d}{serial:06d}"[:19]
    return f"3{day.year % 100:02d}{900_00000 + serial:08d}"


def generate(frames: dict[str, pd.DataFrame], seed: int, end_month: str) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng([seed, TOPIC_NO])
    ents = frames["enterprise"]
    ids = dict(zip(ents["name_en"], ents["enterprise_id"].astype(int)))
    known_regions = set(frames["ru_region"]["region_id"].astype(str))
    last = _last_day(end_month)
    proc_rows, bid_rows = [], []

    def add(no, customer, region, subject, law, notice, deadline, initial, bids):
        if notice > last or region not in known_regions:
            return
        pid = len(proc_rows) + 1
        proc_rows.append((pid, no, customer, region, subject, law, notice, deadline,
                          float(initial)))
        for name, bid, outcome, reason in bids:
            if name not in ids:
                continue
            if outcome != "pending" and deadline + timedelta(days=20) > last:
                outcome, reason = "pending", None  # not decided by the data's end
            bid_rows.append((pid, ids[name], None if bid is None else float(bid), outcome,
                             reason))

    for row in SHOWCASE:
        add(*row)

    regions = list(REGIONS)
    region_w = np.array([REGIONS[r][0] for r in regions], float)
    region_w /= region_w.sum()
    subjects = list(SUBJECTS)
    subject_w = np.array([SUBJECTS[s][4] for s in subjects])
    subject_w /= subject_w.sum()
    span = (last - FIRST_DAY).days
    days = np.sort(rng.integers(0, max(span, 1), RANDOM_PROCUREMENTS))
    for serial, offset in enumerate(days.tolist(), start=200):
        notice = FIRST_DAY + timedelta(days=int(offset))
        subject = subjects[rng.choice(len(subjects), p=subject_w)]
        bidders, law_w, (lo, hi), unit_usd, _, win_p = SUBJECTS[subject]
        region = regions[rng.choice(len(regions), p=region_w)]
        law = ("44-FZ", "223-FZ")[rng.choice(2, p=law_w)]
        deadline = notice + timedelta(days=int(rng.integers(10, 35)))
        units = int(rng.integers(lo, hi + 1))
        initial = round(units * unit_usd * rng.uniform(0.9, 1.15), -3)
        city = REGIONS[region][1]
        names = CUSTOMERS[subject]
        customer = names[rng.integers(len(names))].format(city=city)
        n_bidders = 2 if len(bidders) > 1 and rng.random() < 0.25 else 1
        chosen = [bidders[i] for i in rng.choice(len(bidders), n_bidders, replace=False)]
        bids = []
        winner_taken = False
        for name in chosen:
            bid = round(initial * rng.uniform(0.86, 0.995), -2)
            r = rng.random()
            if r < 0.05:
                outcome, reason, bid = "cancelled", None, (None if rng.random() < 0.5 else bid)
            elif rng.random() < LOCALISATION_SHARE.get(notice.year, 0.31):
                outcome = "not_admitted" if rng.random() < 0.4 else "lost"
                reason = "localisation"
            elif not winner_taken and rng.random() < win_p:
                outcome, reason, winner_taken = "won", None, True
            else:
                not_admitted = rng.random() < 0.2
                outcome = "not_admitted" if not_admitted else "lost"
                reason = OTHER_REASONS[rng.choice(len(OTHER_REASONS), p=OTHER_WEIGHTS)]
                if not_admitted and reason == "price":
                    reason = "documents"
            bids.append((name, bid, outcome, reason))
        region_no = 100 + regions.index(region) * 7
        add(_notice_no(law, notice, serial, region_no), customer, region, subject, law,
            notice, deadline, initial, bids)

    procurement = pd.DataFrame(proc_rows, columns=[
        "procurement_id", "notice_no", "customer", "region_id", "subject", "law",
        "notice_date", "deadline", "initial_usd"])
    for col in ("notice_date", "deadline"):
        procurement[col] = pd.to_datetime(procurement[col])
    bids = pd.DataFrame(bid_rows, columns=["procurement_id", "enterprise_id", "bid_usd",
                                           "outcome", "loss_reason"])
    bids["enterprise_id"] = bids["enterprise_id"].astype("int64")
    bids["bid_usd"] = bids["bid_usd"].astype(float)
    bids["loss_reason"] = bids["loss_reason"].astype(object).where(
        bids["loss_reason"].notna(), None)
    return {"procurement": procurement, "tender_bid": bids}
