"""A whole agenda as one PDF handout. (Placeholder until the exports work lands.)"""

from __future__ import annotations


def register(server) -> None:
    """Add the handout route to the Flask server."""
