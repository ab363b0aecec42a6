"""The access scope: which enterprises the current user may see.

A user may be limited to concerns and/or Belarusian oblasts; an unscoped user (``None``)
sees everything. A scope with both admits an enterprise of one of its concerns *or* in
one of its oblasts — the union, the same rule as for a directory user in several groups
(``access/ldap_login.py``): a person who works for a concern and for an oblast executive
committee sees what each body sees. An empty scope (no concern, no oblast) is not
allowed: it would mean "nothing" and look like "everything" in a careless check.

The web layer sets the scope of each request once (``set_current``, from the signed-in
user); everything below reads it from here:

* ``queries.filters.default_filter`` / ``parse_filter`` put it into every
  :class:`~queries.filters.ExportFilter`, and the query modules turn it into a WHERE
  condition on the enterprise's concern and oblast (``queries.conditions``,
  :meth:`Scope.condition`);
* ``queries.dimensions.dimensions()`` lists only the scope's concerns, enterprises and
  oblasts (filter options, names, the "not found" of an enterprise outside it);
* ``queries.engine.run`` puts the scope's :meth:`Scope.key` into every cache key, so two
  users with different scopes never share a cached result — whatever the query.

It is a context variable: each request (thread) has its own, and ``engine.gather``
carries it into its worker threads with the rest of the context.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import or_


@dataclass(frozen=True)
class Scope:
    concerns: tuple[str, ...] = ()
    oblasts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "concerns", tuple(sorted(set(self.concerns))))
        object.__setattr__(self, "oblasts", tuple(sorted(set(self.oblasts))))
        if not self.concerns and not self.oblasts:
            raise ValueError("an access scope names at least one concern or oblast "
                             "(None means unscoped)")

    def condition(self, concern_col, oblast_col):
        """The WHERE condition on an enterprise's concern and oblast columns."""
        parts = []
        if self.concerns:
            parts.append(concern_col.in_(self.concerns))
        if self.oblasts:
            parts.append(oblast_col.in_(self.oblasts))
        return parts[0] if len(parts) == 1 else or_(*parts)

    def allows(self, concern_id, oblast_id) -> bool:
        """The same rule in Python, for one enterprise."""
        return concern_id in self.concerns or oblast_id in self.oblasts

    def key(self) -> str:
        """A stable text for cache keys."""
        return "c=" + ",".join(self.concerns) + ";o=" + ",".join(self.oblasts)


_current: contextvars.ContextVar[Scope | None] = contextvars.ContextVar(
    "export_monitor_scope", default=None)


def current() -> Scope | None:
    """The scope of the request being served (None: unscoped)."""
    return _current.get()


def current_key() -> str:
    scope = _current.get()
    return "all" if scope is None else scope.key()


def set_current(scope: Scope | None) -> contextvars.Token:
    """Set the request's scope; returns the token that ``reset`` takes."""
    return _current.set(scope)


def reset(token: contextvars.Token) -> None:
    _current.reset(token)


@contextlib.contextmanager
def using(scope: Scope | None) -> Iterator[None]:
    """Run a block under ``scope`` (tests, the CLI, the handout's own page prints)."""
    token = _current.set(scope)
    try:
        yield
    finally:
        _current.reset(token)
