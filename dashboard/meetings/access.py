"""Whether the signed-in user's access scope covers a meeting step.

A meeting's steps are the working group's views — the national overview, a concern, the
receivables by oblast. An edition is frozen once, for everyone (unscoped), so a frozen
page may only be shown to someone who may see *everything on it*. The rule, the same
for the edition and for today's data so that a participant never sees a step change
its meaning when the presenter switches: a scoped user sees a step only when the
step's own filter lies inside the scope — its enterprises are all the scope's, or its
concerns are all scope concerns, or its oblasts all scope oblasts (``queries.scope``:
the union of concerns and oblasts). Anything wider (the national overview, another
concern) is "not in your access", with no figure of it. An unscoped user sees every
step.
"""

from __future__ import annotations

from queries import scope as access
from queries.dimensions import dimensions
from queries.filters import parse_filter


def covers(path: str, params: dict[str, str], path_vars: dict[str, str] | None = None
           ) -> bool:
    """True when the current user's scope covers the view ``path`` + ``params``."""
    scope = access.current()
    if scope is None:
        return True
    with access.using(None):  # the step's filter as it is, not cut by the scope
        dims = dimensions()
        flt, _ = parse_filter(params, dims, None)
    enterprises = set(flt.enterprises)
    if path_vars and str(path_vars.get("enterprise_id", "")).isdigit():
        enterprises.add(int(path_vars["enterprise_id"]))
    if enterprises:
        table = dims.enterprises.set_index("enterprise_id")
        return all(e in table.index and scope.allows(table.at[e, "concern_id"],
                                                     table.at[e, "oblast_id"])
                   for e in enterprises)
    if flt.concerns and set(flt.concerns) <= set(scope.concerns):
        return True
    return bool(flt.oblasts) and set(flt.oblasts) <= set(scope.oblasts)
