"""Work spread over processes: a task forked beside the build gives back its result or its error, or ends."""

from __future__ import annotations

import os
import time

import pytest

from briefing.model import Location
from briefing.parallel import MIN_ITEMS_FOR_WORKERS, forked
from briefing.problems import ContentError, Problem


def test_a_forked_task_runs_in_another_process_and_gives_back_its_result():
    with forked(os.getpid, jobs=2, items=MIN_ITEMS_FOR_WORKERS) as result:
        assert result() != os.getpid()
        assert result() == result()  # asked again, the same answer


def test_a_small_task_or_one_job_runs_here():
    with forked(os.getpid, jobs=2, items=MIN_ITEMS_FOR_WORKERS - 1) as result:
        assert result() == os.getpid()
    with forked(os.getpid, jobs=1, items=10_000) as result:
        assert result() == os.getpid()


def _refuse() -> None:
    raise ContentError([Problem(Location("articles/x.md", 3), "this went wrong", "fix it")])


def test_an_error_in_the_forked_task_is_raised_where_its_result_is_asked_for():
    with forked(_refuse, jobs=2, items=MIN_ITEMS_FOR_WORKERS) as result, pytest.raises(ContentError) as raised:
        result()
    assert [str(problem.location) for problem in raised.value.problems] == ["articles/x.md:3"]


def test_leaving_the_block_early_ends_the_forked_task():
    started = time.monotonic()
    with pytest.raises(KeyError), forked(lambda: time.sleep(60), jobs=2, items=MIN_ITEMS_FOR_WORKERS):
        raise KeyError("the build stopped")
    assert time.monotonic() - started < 10
