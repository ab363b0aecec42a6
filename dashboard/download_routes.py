"""Flask routes that serve what a page shows as files (CSV, XLSX). (Placeholder until
the exports work lands.)"""

from __future__ import annotations


def register(server) -> None:
    """Add the download routes to the Flask server."""
