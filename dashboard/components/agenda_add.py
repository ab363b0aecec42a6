"""“Add this view to an agenda” in the header. (Placeholder until agendas land.)"""

from __future__ import annotations


def agenda_control(path: str, state):
    """A control for the header, or None."""
    return None
