"""WHERE conditions shared by the query modules, so that every page applies a filter
field — and the access scope above all — in exactly the same way.

The "owner" of a row is the enterprise it belongs to: the access scope, concerns,
enterprises, the industrial flag and Belarusian oblasts are the owner's. Conditions on
the enterprise's attributes need ``enterprise`` joined (``needs_enterprise_join``).
"""

from __future__ import annotations

from sqlalchemy import func

from .filters import ExportFilter
from .schema import enterprise


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


def product_conditions(f: ExportFilter, table) -> list:
    """HS chapters and headings, for a table with ``heading_id`` (none otherwise)."""
    if "heading_id" not in table.c:
        return []
    conds = []
    if f.chapters:
        conds.append(func.substr(table.c.heading_id, 1, 2).in_(f.chapters))
    if f.headings:
        conds.append(table.c.heading_id.in_(f.headings))
    return conds
