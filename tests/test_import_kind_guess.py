"""Which template a file is, told from its headers (``kinds.guess_kind``): with the other
subjects' kinds in the list, a trade file missing a column must still be named as what it
is (so that the report names the missing column), never taken for another kind whose
required columns its headers happen to hold."""

from __future__ import annotations

import pytest

from queries.imports.kinds import KINDS, guess_kind, norm_header


@pytest.mark.parametrize("name", list(KINDS))
def test_a_file_missing_a_column_is_still_its_own_kind(name):
    kind = KINDS[name]
    columns = [c.name for c in kind.columns]
    for dropped in (None, *kind.required):
        headers = [norm_header(c) for c in columns if c != dropped]
        guessed, candidates = guess_kind(headers)
        assert guessed in (name, None), (dropped, guessed, candidates)
        if guessed is None:
            assert name in candidates, (dropped, candidates)


@pytest.mark.parametrize("name", list(KINDS))
def test_the_required_columns_alone_name_the_kind(name):
    guessed, candidates = guess_kind([norm_header(c) for c in KINDS[name].required])
    assert guessed == name, candidates
