"""The data layer of Export Monitor: configuration, schema, the filter type, query
functions, the demonstration-data generator. Nothing here imports Dash."""

import pandas as _pd

# pandas 3 stores text columns in Arrow by default; our frames are small (aggregates of a
# few hundred rows) and are read cell by cell into figures and tables, where each Arrow
# cell access costs ~10 µs. The same "str" dtype (same semantics, same missing values)
# stored in Python objects took a page's pandas time from ~50 to ~40 ms (bench/replay.py
# --profile, 10M rows). Set once here, before any frame is built, for every process.
_pd.set_option("mode.string_storage", "python")
