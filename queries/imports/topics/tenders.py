"""Import kinds of the tenders subject (issue 14). See ``topics/__init__.py``."""

from __future__ import annotations

KINDS: tuple = ()
