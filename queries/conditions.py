"""WHERE conditions shared by the query modules, so that every page applies a filter
field — and the access scope above all — in exactly the same way.

The "owner" of a row is the enterprise it belongs to: the access scope, concerns,
enterprises, the industrial flag and Belarusian oblasts are the owner's. Conditions on
the enterprise's attributes need ``enterprise`` joined (``needs_enterprise_join``).
"""

from __future__ import annotations

from sqlalchemy import select

from .filters import ExportFilter
from .schema import enterprise, hs_heading


def needs_enterprise_join(f: ExportFilter) -> bool:
    """True when a condition reads the enterprise table (not only its id)."""
    return f.scope is not None or bool(f.concerns or f.industrial_only or f.oblasts)


def owner_conditions(f: ExportFilter, table) -> list:
    """Scope, concerns, enterprises, industrial and oblasts, for ``table``'s rows (which
    carry ``enterprise_id``; ``enterprise`` must be joined when
    ``needs_enterprise_join``)."""
    conds = []
    if f.scope is not None:
        conds.append(f.scope.condition(enterprise.c.concern_id, enterprise.c.oblast_id))
    if f.concerns:
        conds.append(enterprise.c.concern_id.in_(f.concerns))
    if f.enterprises:
        conds.append(table.c.enterprise_id.in_(f.enterprises))
    if f.industrial_only:
        conds.append(enterprise.c.is_industrial.is_(True))
    if f.oblasts:
        conds.append(enterprise.c.oblast_id.in_(f.oblasts))
    return conds


def chapter_condition(column, chapters) -> object:
    """``column`` (a heading_id) is a heading of one of ``chapters``, by the heading
    dimension: ``heading_id IN (SELECT heading_id FROM hs_heading WHERE chapter_id IN
    …)``. Not ``SUBSTR(heading_id, 1, 2) IN …``: PostgreSQL can use no index on that
    and estimates its rows blindly (a chapter filter read the 10-million-row fact table
    whole, 4.6 s a page); the headings of a chapter are a list it can look up in the
    ``(heading_id, month)`` indexes, and DuckDB joins the small list at no cost."""
    return column.in_(select(hs_heading.c.heading_id)
                      .where(hs_heading.c.chapter_id.in_(chapters)))


def product_conditions(f: ExportFilter, table) -> list:
    """HS chapters and headings, for a table with ``heading_id`` (none otherwise)."""
    if "heading_id" not in table.c:
        return []
    conds = []
    if f.chapters:
        conds.append(chapter_condition(table.c.heading_id, f.chapters))
    if f.headings:
        conds.append(table.c.heading_id.in_(f.headings))
    return conds
