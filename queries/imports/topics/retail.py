"""Import kinds of the retail subject (issue 14). See ``topics/__init__.py``."""

from __future__ import annotations

KINDS: tuple = ()
