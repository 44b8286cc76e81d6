"""HiGHS in-process: one instance kept per thread for small parts, emptied between solves."""

from __future__ import annotations

import time

import numpy as np
import pytest

from procurement.backends import Part, SolveOptions, SolveStatus, solve_part


def two_suppliers() -> Part:
    """Buy 10 units from A (4.0 each, capacity 6) or B (5.0 each, a fixed 3.0 if used): A's 6 and B's 4 cost 47."""
    return Part(
        cols=np.arange(3),
        cost=np.array([4.0, 5.0, 3.0]),
        lower=np.zeros(3),
        upper=np.array([6.0, 10.0, 1.0]),
        integer=np.array([False, False, True]),
        row_lower=np.array([10.0, -np.inf]),
        row_upper=np.array([10.0, 0.0]),
        start=np.array([0, 2, 4]),
        index=np.array([0, 1, 1, 2]),
        value=np.array([1.0, 1.0, 1.0, -10.0]),
    )


def test_a_bound_or_time_limit_given_to_one_solve_does_not_stay_for_the_next() -> None:
    part = two_suppliers()
    bounded = solve_part(part, SolveOptions(objective_bound=40.0, time_limit_s=30.0))
    assert bounded.status is SolveStatus.INFEASIBLE  # nothing costs 40 or less
    again = solve_part(part, SolveOptions())
    assert again.status is SolveStatus.OPTIMAL
    assert again.objective == 47.0
    assert list(np.round(again.values, 9)) == [6.0, 4.0, 1.0]


def test_a_kept_instance_solves_a_linear_part_after_a_mip_with_duals() -> None:
    solve_part(two_suppliers(), SolveOptions())
    linear = two_suppliers()
    linear.integer[:] = False
    result = solve_part(linear, SolveOptions())
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == pytest.approx(45.2)  # B's fixed cost shared: 4 of 10 units
    assert result.row_dual is not None
    assert result.col_dual is not None


def test_a_kept_instance_gives_each_solve_its_whole_time_limit() -> None:
    """HiGHS counts an instance's time from its first run, across solves and clears, and stops a linear solve once
    that count passes the time limit: the limit is counted from the start of each solve however long the instance
    kept in this process has solved before (a linear part after a second of MIP solves, with a limit of 0.1 s, was
    stopped at once with no solution)."""
    started = time.perf_counter()
    while time.perf_counter() - started < 1.0:  # far over the limit below, in solves before it
        solve_part(two_suppliers(), SolveOptions())
    linear = two_suppliers()
    linear.integer[:] = False
    limited = solve_part(linear, SolveOptions(time_limit_s=0.1))
    assert limited.status is SolveStatus.OPTIMAL
    assert not limited.stopped
    assert limited.objective == pytest.approx(45.2)
