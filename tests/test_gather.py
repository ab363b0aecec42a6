"""queries.engine.gather: results in order, the first failure raised, and a gather
inside a gathered call (centres, curators and support pages do this) finishing when
every query thread is busy with such calls — submitted to the same bounded pool they
waited for each other for ever."""

from __future__ import annotations

import threading

import pytest

from queries import engine


def test_results_in_order_and_the_first_failure_raised():
    assert engine.gather(lambda: 1, lambda: 2, lambda: 3) == [1, 2, 3]

    def fail():
        raise ValueError("the query's own error")

    with pytest.raises(ValueError, match="own error"):
        engine.gather(lambda: 1, fail)


def test_nested_gathers_on_every_query_thread_finish():
    width = engine._pool._max_workers
    # every outer call waits until all of them hold a query thread, then gathers its own
    barrier = threading.Barrier(width, timeout=20)

    def outer(n: int):
        barrier.wait()
        return sum(engine.gather(lambda: n, lambda: 10 * n))

    got: list = []
    runner = threading.Thread(
        target=lambda: got.extend(engine.gather(*[lambda n=n: outer(n) for n in range(width)])),
        daemon=True)
    runner.start()
    runner.join(60)
    assert not runner.is_alive(), "nested gathers are stuck waiting for each other"
    assert got == [11 * n for n in range(width)]


def test_a_nested_gather_keeps_the_context():
    """The inner calls see the context variables of the page's request (the pinned data
    version, the access scope travel that way)."""
    import contextvars

    var = contextvars.ContextVar("probe", default="unset")
    var.set("request")
    assert engine.gather(lambda: engine.gather(lambda: var.get())) == [["request"]]
