"""The figures an edition keeps of the Negative trends page hold its whole lists, not
the first 250 rows the grid shows (dashboard/pages/trends.py hands them beside the
grid): "new since the last meeting" must see an enterprise at row 400 too. Checked
against the raw rows on the full-scale-like test database: the number of industrial
enterprises losing exports January–October 2026 against 2025."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa


def _losing(url: str) -> int:
    eng = sa.create_engine(url, connect_args={"read_only": True}, poolclass=sa.pool.NullPool)
    with eng.connect() as conn:
        df = pd.read_sql(sa.text(
            "SELECT x.enterprise_id, EXTRACT(year FROM x.month) AS y, SUM(x.value_usd) AS v "
            "FROM exports x JOIN enterprise e ON e.enterprise_id = x.enterprise_id "
            "WHERE e.is_industrial AND EXTRACT(month FROM x.month) BETWEEN 1 AND 10 "
            "AND EXTRACT(year FROM x.month) IN (2025, 2026) GROUP BY 1, 2"), conn)
    eng.dispose()
    wide = df.pivot_table(index="enterprise_id", columns="y", values="v", fill_value=0)
    return int((wide[2026] - wide[2025] < 0).sum())


def test_the_trends_facts_hold_the_whole_list(dash_client, duck_url, monkeypatch):
    from dashboard.app import create_app
    from dashboard.meetings.facts import facts_of
    from dashboard.pages import trends

    monkeypatch.setattr(trends, "TABLE_ROWS", 50)  # the test data has 153 such rows
    app = create_app()
    with app.server.test_request_context("/"):
        from flask import g

        from dashboard.auth.session import LOCAL_USER
        g.user = LOCAL_USER
        tree = trends.layout(lang="en", present="1")
    rows = facts_of(tree)["grids"]["trends-enterprises"]["rows"]
    assert _losing(duck_url) > 50
    assert len(rows) == _losing(duck_url)
    assert len({r["key"] for r in rows}) == len(rows)
