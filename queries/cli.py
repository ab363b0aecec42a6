"""The ``export-monitor`` command (installed by ``make run`` as .venv/bin/export-monitor).

Placeholder until the import work lands: it only says what exists.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("export-monitor: templates, imports and load history are not available yet. "
          "Build the demonstration database with: python -m queries.demo", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
