"""``python -m queries.demo``: build the demonstration database."""

from .build import main

raise SystemExit(main())
