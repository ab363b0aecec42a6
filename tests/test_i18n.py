"""Every message id the code asks for exists in the reference (English) catalogue, so
no user ever reads a raw id such as ``kpi.exports``."""

from __future__ import annotations

import re

from dashboard.i18n import EN, t
from queries.settings import PROJECT_ROOT

CALL = re.compile(r"""\bt\(\s*f?["']([a-z_]+\.[a-z_.{}0-9]+)["']""")


def _ids_in_code() -> set[str]:
    ids = set()
    for path in (PROJECT_ROOT / "dashboard").rglob("*.py"):
        ids |= set(CALL.findall(path.read_text(encoding="utf-8")))
    return ids


def test_every_literal_message_id_is_in_the_catalogue():
    literal = {i for i in _ids_in_code() if "{" not in i}
    assert literal, "the scan found no t() calls: the pattern is broken"
    assert sorted(literal - set(EN)) == []


def test_templated_ids_resolve_for_every_value_they_take():
    from dashboard.theme import STATUS
    from queries.exports import LEVELS
    from queries.filters import LIST_PARAMS
    expanded = ({f"level.{lvl}" for lvl in LEVELS if lvl not in ("oblast", "total")}
                | {f"status.{s}" for s in STATUS}
                | {f"filter.{p}" for p in LIST_PARAMS}
                | {f"msg.{k}" for k in ("bad_year", "bad_month", "range_reversed",
                                        "beyond_data", "unknown_codes", "too_long",
                                        "too_many", "out_of_scope")})
    assert sorted(expanded - set(EN)) == []


def test_problem_keys_of_the_filter_parser_are_all_translated():
    source = (PROJECT_ROOT / "queries" / "filters.py").read_text(encoding="utf-8")
    keys = set(re.findall(r'Problem\("([a-z_]+)"', source))
    assert keys and sorted(f"msg.{k}" for k in keys if f"msg.{k}" not in EN) == []


def test_placeholders_are_filled():
    assert t("kpi.exports", "en", period="January–October 2026") == \
        "Exports, January–October 2026"
    assert "{" not in t("msg.unknown_codes", field="concern", values="x", n=1)


def test_shared_messages_are_translated_into_russian_and_german():
    from dashboard.messages import core
    for lang in ("RU", "DE"):
        catalogue = getattr(core, lang)
        assert sorted(set(core.EN) - set(catalogue)) == [], lang
        for key, text in catalogue.items():  # same placeholders as the English text
            assert re.findall(r"{(\w+)}", text) == re.findall(r"{(\w+)}", core.EN[key]) \
                or sorted(re.findall(r"{(\w+)}", text)) == sorted(
                    re.findall(r"{(\w+)}", core.EN[key])), (lang, key)


def test_months_and_numbers_follow_the_language():
    from dashboard.formatting import mn
    from dashboard.i18n import month_name
    assert month_name(1, "ru") == "Январь" and month_name(10, "ru", capital=False) == "октябрь"
    assert month_name(3, "de") == "März" and month_name(3, "en", short=True) == "Mar"
    assert mn(1_234_500_000, "ru") == "1\xa0234,5"
    assert mn(1_234_500_000, "de") == "1.234,5"
    assert mn(1_234_500_000, "en") == "1,234.5"
