"""Work spread over processes: a task forked beside the build gives back its result or its error, or ends."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

import pytest

from briefing.model import Location
from briefing.parallel import MIN_ITEMS_FOR_WORKERS, Milestone, forked
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


def _result_then_the_rest(folder: Path):
    """Gives its process id, then waits until told that it was received, and says that it went on."""
    yield os.getpid()
    deadline = time.monotonic() + 30
    while not (folder / "received").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    (folder / "went on").write_text(str((folder / "received").exists()))


@pytest.mark.parametrize("jobs", [2, 1], ids=["forked", "here"])
def test_a_task_that_yields_its_result_goes_on_after_it_until_the_block_is_left(tmp_path: Path, jobs: int):
    with forked(partial(_result_then_the_rest, tmp_path), jobs, items=MIN_ITEMS_FOR_WORKERS) as result:
        assert (result() == os.getpid()) == (jobs == 1)
        assert not (tmp_path / "went on").exists()
        (tmp_path / "received").touch()
    assert (tmp_path / "went on").read_text() == "True"  # left once the rest was done


def _result_then_refuse():
    yield "the result"
    _refuse()


def test_an_error_after_the_result_is_raised_when_the_block_is_left():
    with pytest.raises(ContentError), forked(_result_then_refuse, jobs=2, items=MIN_ITEMS_FOR_WORKERS) as result:
        assert result() == "the result"


def _pass_then_wait(milestone: Milestone, folder: Path) -> bool:
    """Passes the milestone, then waits until told that the waiting ended; says whether it was."""
    (folder / "before the milestone").touch()
    milestone.passed()
    deadline = time.monotonic() + 30
    while not (folder / "waited").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return (folder / "waited").exists()


def test_waiting_for_a_milestone_ends_once_the_forked_task_passes_it(tmp_path: Path):
    milestone = Milestone()
    task = partial(_pass_then_wait, milestone, tmp_path)
    with forked(task, jobs=2, items=MIN_ITEMS_FOR_WORKERS, milestone=milestone) as result:
        milestone.wait()  # returns while the task is still running: it waits for "waited"
        assert (tmp_path / "before the milestone").exists()
        (tmp_path / "waited").touch()
        assert result() is True


def test_waiting_for_a_milestone_ends_when_the_task_fails_before_it():
    milestone = Milestone()
    with forked(_refuse, jobs=2, items=MIN_ITEMS_FOR_WORKERS, milestone=milestone) as result:
        milestone.wait()
        with pytest.raises(ContentError):
            result()


def test_a_milestone_of_a_task_run_here_is_not_waited_for(tmp_path: Path):
    milestone = Milestone()
    task = partial(_pass_then_wait, milestone, tmp_path)
    with forked(task, jobs=1, items=MIN_ITEMS_FOR_WORKERS, milestone=milestone) as result:
        milestone.wait()  # at once: the task runs only when its result is asked for
        assert not (tmp_path / "before the milestone").exists()
        (tmp_path / "waited").touch()
        assert result() is True
