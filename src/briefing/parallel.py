"""Spread independent pieces of work over the machine's cores, and keep Python's cycle collector out of the way.

Workers are forked after the parent has built what they need (the content, the
briefing, the templates), so they inherit it instead of receiving it through a
pipe: only the items and the results are sent between processes.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import cache, partial
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items, starting processes costs more than it saves.
MIN_ITEMS_FOR_WORKERS = 200

_task: Callable[[Any], Any] | None = None


def _run_task(item: Any) -> Any:
    assert _task is not None
    return _task(item)


def _leave_interrupts_to_the_parent() -> None:
    """In a forked worker: Ctrl-C goes to every process of the terminal's group, and the build's own process
    stops its workers and says it was interrupted; a worker would print a traceback of its own first.

    A worker also ends when the process that forked it ends: one whose parent was stopped (the search
    index's process, ended by the interrupted build) or killed would otherwise print a traceback for
    each result it can no longer send, or wait for work forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's `Terminated`: a worker told to end, ends
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})  # held by `stops_held` while it was forked
    parent = os.getppid()
    _end_with_parent()
    if os.getppid() != parent:  # it ended before it could be told
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _end_with_parent() -> None:
    """Ask Linux to end this process when its parent ends (elsewhere, nothing is asked)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def worth_forking(jobs: int, items: int) -> bool:
    """Whether work of this many items (files, articles) is spread over processes (`map_forked`, `forked`)."""
    return jobs > 1 and items >= MIN_ITEMS_FOR_WORKERS and "fork" in multiprocessing.get_all_start_methods()


def map_forked(task: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> Iterator[Result]:
    """task(item) for every item, in order, over `jobs` forked processes (or here, for a few items)."""
    global _task
    if not worth_forking(jobs, len(items)):
        yield from map(task, items)
        return
    _task = task
    chunk = max(1, min(64, len(items) // (jobs * 8)))
    # An executor rather than multiprocessing's Pool: a Pool replaces a worker that was killed (by the system
    # when memory runs out, or by hand) but never the work it held, and waits for that forever.
    workers: ProcessPoolExecutor | None = None
    try:
        # Ctrl-C while the executor starts its workers and threads would leave them waiting for work forever:
        # it is taken once they run, and stops them as it would at any other point.
        with stops_held():
            workers = ProcessPoolExecutor(
                jobs, mp_context=multiprocessing.get_context("fork"), initializer=_leave_interrupts_to_the_parent
            )
            results = workers.map(_run_task, items, chunksize=chunk)
        yield from results
    except BrokenProcessPool:
        raise WorkerLost(WORKER_KILLED) from None
    finally:
        if workers is not None:
            # Work not started is dropped; what a worker is doing ends first (it may be writing into the site).
            # Held through a second Ctrl-C: leaving shutdown half done, the workers would wait for work forever.
            with stops_held():
                workers.shutdown(cancel_futures=True)
        _task = None


class Terminated(KeyboardInterrupt):
    """SIGTERM (`kill`, a process manager stopping the program), taken as Ctrl-C is: what is being done stops
    the same way, the previous site untouched, with one line said."""


_program: list[int] = []  # the process id of the program's own process, once `stop_on_terminate` is called


def _terminated(number: int, frame: object) -> None:
    if os.getpid() not in _program:
        # A worker forked a moment before, still with the program's handler: it ends, as told, without a word.
        os._exit(128 + number)
    raise Terminated


# The stops raised where Python ignores exceptions, to be raised again.
_stops_ignored: list[type[KeyboardInterrupt]] = []


def _stop_not_lost(unraisable: Any) -> None:
    """A Ctrl-C or SIGTERM that arrived where Python ignores any exception (logging's hook around each fork of
    a worker, an object's __del__) is raised again a moment later, in the program's own course, instead of
    being lost with an 'Exception ignored' line; any other exception ignored is reported as usual."""
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        _stops_ignored.append(unraisable.exc_type)
        signal.setitimer(signal.ITIMER_REAL, 0.01)
        return
    sys.__unraisablehook__(unraisable)


def _raise_stop_ignored(number: int, frame: object) -> None:
    if _stops_ignored:
        raise _stops_ignored.pop()()


def stop_on_terminate() -> None:
    """In the program's own process: SIGTERM raises `Terminated` where it would otherwise end the process at
    once, saying nothing and leaving the build's folders for the next build to tidy; and neither it nor Ctrl-C
    is lost where Python ignores exceptions (`_stop_not_lost`)."""
    _program[:] = [os.getpid()]
    signal.signal(signal.SIGTERM, _terminated)
    signal.signal(signal.SIGALRM, _raise_stop_ignored)
    sys.unraisablehook = _stop_not_lost


@contextmanager
def stops_held() -> Iterator[None]:
    """Ctrl-C (SIGINT) and SIGTERM held back until the block ends, then raised as KeyboardInterrupt and
    `Terminated` as usual. Processes forked meanwhile start with them held, until they say how they take them."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Ctrl-C taken when the block ends, as KeyboardInterrupt, so that what the block does is done whole (an
    arrival written and reported, the files of one accept); pressed again meanwhile, it stops at once.

    Unlike `stops_held`, which masks the signal so that threads started meanwhile never take it, this
    catches it: in the main thread only (Python runs signal handlers there), and not where Ctrl-C is ignored."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        yield
        return
    pressed: list[int] = []

    def note(number: int, frame: object) -> None:
        if pressed:
            raise KeyboardInterrupt
        pressed.append(number)

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt


WORKER_KILLED = "a worker process of the build was killed"


class WorkerLost(Exception):
    """A worker process ended without giving back its work: killed by the system when memory ran out, or by
    hand."""


def _how_it_ended(exit_code: int | None) -> str:
    if exit_code is not None and exit_code < 0:
        return f"{WORKER_KILLED} (signal {-exit_code})"
    return f"a worker process of the build ended without its result (exit code {exit_code})"


def _stepped(task: Callable[[], Any]) -> tuple[Any, Callable[[], None]]:
    """task()'s result, and what the task does after giving it: a generator function yields its result once,
    and goes on when resumed; a plain function has nothing after."""
    outcome = task()
    if not inspect.isgenerator(outcome):
        return outcome, lambda: None
    result = next(outcome)
    return result, lambda: deque(outcome, maxlen=0)


def _sent(sending: Any, outcome: tuple[str, Any]) -> None:
    try:
        sending.send(outcome)
    except BrokenPipeError:
        pass  # the parent stopped listening (interrupted, or failed elsewhere): no one wants the outcome
    except Exception as unsent:  # a result or an exception that cannot be pickled
        what = type(outcome[1]).__name__
        sending.send(("failed", RuntimeError(f"a forked task's {what} could not be sent back: {unsent}")))


def _send_outcome(task: Callable[[], Any], sending: Any) -> None:
    """In the forked process: task()'s result, or the exception it raised, sent back to the parent; then how what
    the task does after its result ended (None, or the exception it raised)."""
    _leave_interrupts_to_the_parent()
    try:
        result, rest = _stepped(task)
        _sent(sending, ("done", result))
        rest()
    except BaseException as error:  # the parent raises it again, as if the task had run there
        _sent(sending, ("failed", error))
        return
    _sent(sending, ("done", None))


class Milestone:
    """A point that a task `forked` off passes, and the process that forked it may wait for.

    Told over a pipe, so that waiting also ends when the task's process ends before it gets there. A task
    that runs here instead (see `forked`) runs only when its result is asked for: there is nothing to wait for.
    """

    def __init__(self) -> None:
        self._reading: int | None = None
        self._writing: int | None = None

    def _forking(self) -> None:
        self._reading, self._writing = os.pipe()

    def _forked_off(self) -> None:
        """In the process that forked the task: only the task's process tells."""
        assert self._writing is not None
        os.close(self._writing)
        self._writing = None

    def passed(self) -> None:
        """In the task: the point is passed (told once)."""
        if self._writing is not None:
            os.write(self._writing, b"!")
            os.close(self._writing)
            self._writing = None

    def wait(self) -> None:
        """Until the task has passed the point or ended; at once if it was not forked off."""
        if self._reading is not None:
            os.read(self._reading, 1)  # b"" once the task's process has ended without telling
            self._stop_listening()

    def _stop_listening(self) -> None:
        if self._reading is not None:
            os.close(self._reading)
            self._reading = None


@contextmanager
def forked(
    task: Callable[[], Any], jobs: int, items: int, milestone: Milestone | None = None
) -> Iterator[Callable[[], Any]]:
    """task() started in a forked process while this one goes on; the function given waits for its result.

    A task that is a generator function yields its result, then goes on while this process uses it: leaving
    the block waits for it to end, and raises what it raised. With one job, for a task of fewer than
    MIN_ITEMS_FOR_WORKERS `items` (files, articles), or where processes cannot be forked, the task runs here,
    when its result is asked for (and what follows it, when the block is left). The process may itself fork
    workers (it is not a daemon); leaving the block early (on an error) ends it if it is still running.
    The `milestone`, if any, is one the task passes.
    """
    if not worth_forking(jobs, items):
        # Run once, when first asked for, as the forked result is received once.
        stepped = cache(partial(_stepped, task))
        yield lambda: stepped()[0]
        if stepped.cache_info().currsize:  # its result was given: what follows it runs now
            stepped()[1]()
        return
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    if milestone is not None:
        milestone._forking()
    process = context.Process(target=_send_outcome, args=(task, sending))
    with stops_held():  # the process starts with them held until it says how it takes them
        process.start()
    sending.close()
    if milestone is not None:
        milestone._forked_off()

    received: list[tuple[str, Any]] = []

    def result() -> Any:
        if not received:
            received.append(_received(receiving, process))
        status, value = received[0]
        if status == "failed":
            raise value
        return value

    try:
        yield result
    except BaseException:
        if not received:  # the task's work is not wanted
            process.terminate()
        raise
    else:
        if received and received[0][0] == "done":
            status, value = _received(receiving, process)  # how what the task did after its result ended
            if status == "failed":
                raise value
        else:
            process.terminate()
    finally:
        process.join()
        receiving.close()
        if milestone is not None:
            milestone._stop_listening()


def _received(receiving: Any, process: Any) -> tuple[str, Any]:
    """The next outcome the forked process sent (see `_send_outcome`)."""
    try:
        return receiving.recv()  # before the process is joined: a large result fills the pipe
    except EOFError:
        process.join()
        return "failed", WorkerLost(_how_it_ended(process.exitcode))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused, and resumed as it was (also as a decorator).

    A build, enrich or a site's scan makes millions of small objects that live until it ends
    and make no reference cycles; the collector would walk them again and again as they are
    made (a tenth to a quarter of the time at 10,000 articles) and find nothing to free.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # What was made meanwhile joins the oldest generation, as if it had lived through collections:
            # the next collection, of the youngest, would otherwise walk all of it (0.3 s at 10,000 articles).
            gc.freeze()
            gc.unfreeze()
            gc.enable()


# What a one-shot command leaves for the end of the process (see `leave_to_exit`).
_left_to_exit: list[Any] = []
_one_shot = False


def one_shot_process() -> None:
    """Say that this process ends after its one command (a `build` from the shell), not a test or a server."""
    global _one_shot
    _one_shot = True


def leave_to_exit(*objects: Any) -> None:
    """Keep objects alive until a one-shot process ends, where `exit_now` hands their memory back at once.

    Freeing a briefing of 10,000 articles object by object takes about half a second, for nothing when the
    process is about to end. A process that goes on (a test, `serve`) frees them as usual.
    """
    if _one_shot:
        _left_to_exit.append(objects)


def exit_now(code: int) -> None:
    """End the process with `code` without freeing its objects one by one (the system takes the memory back)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
