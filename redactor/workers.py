"""Worker processes for a batch: one pool, forked after the model is loaded, shared by stages.

With ``workers <= 1`` everything runs in this process (same code path, no pickling). With more,
a ``ProcessPoolExecutor`` on the ``fork`` start method is used, so workers inherit the loaded
spaCy pipeline copy-on-write instead of each loading it again. A worker that dies (killed, out of
memory) fails only the items it had not finished: every item's result comes back as a value or
an exception, and the pool is rebuilt for the next stage.
"""

from __future__ import annotations

import ctypes
import dataclasses
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

#: What ``Pool.map_shared`` gives every call: set before the workers fork, so they inherit it.
_SHARED: Any = None


def _call_shared(task: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    func, item = task
    return func(_SHARED, item)


class WorkerDied(Exception):
    """A worker process stopped before it finished its item (killed, or out of memory)."""


@dataclasses.dataclass(frozen=True, slots=True)
class Outcome(Generic[R]):
    """One item's result: a value, or the exception that stopped it."""

    value: R | None = None
    error: BaseException | None = None


def _ignore_interrupts() -> None:
    """Worker initializer: Ctrl-C is the parent's to handle (no traceback from each worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


#: glibc mallopt parameters: keep freed memory instead of returning it to the system at once.
_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3


def tune_allocator() -> bool:
    """Ask glibc's allocator to keep up to 256 MiB of freed memory and to serve large blocks from
    the heap, not fresh mappings.

    spaCy allocates and frees large arrays for every batch; by default glibc hands them back to
    the system and faults them in again, about a million page faults for 200 transcripts. This
    removes 90% of them and 6% of the run time, for a bounded amount of memory. Returns False
    where the C library is not glibc (nothing changes there).
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    size = 256 * 1024 * 1024
    return all(
        mallopt(param, value) == 1
        for param, value in ((_M_TRIM_THRESHOLD, size), (_M_MMAP_THRESHOLD, size), (_M_TOP_PAD, 64 * 1024 * 1024))
    )


def default_workers() -> int:
    """Return the number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Pool:
    """Run a function over items, in this process or in forked workers."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._executor: ProcessPoolExecutor | None = None

    def _ensure(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts
            )
        return self._executor

    def map(
        self,
        func: Callable[[T], R],
        items: Sequence[T],
        *,
        on_done: Callable[[int, Outcome[R]], None] | None = None,
    ) -> list[Outcome[R]]:
        """Return ``func(item)`` for every item, in order, as outcomes; call ``on_done(index, outcome)``
        as each ends (in this process, in completion order).

        ``KeyboardInterrupt`` is not caught: pending work is cancelled and it propagates.
        """
        results: list[Outcome[R]] = [Outcome() for _ in items]
        if self.workers == 1 or len(items) <= 1:
            for index, item in enumerate(items):
                try:
                    results[index] = Outcome(value=func(item))
                except Exception as err:  # noqa: BLE001 - reported per item by the caller
                    results[index] = Outcome(error=err)
                if on_done is not None:
                    on_done(index, results[index])
            return results
        executor = self._ensure()
        futures: dict[Future[R], int] = {}
        try:
            for index, item in enumerate(items):
                futures[executor.submit(func, item)] = index
        except BrokenProcessPool:
            pass  # the items not submitted are reported as lost below
        broken = False
        try:
            for future in as_completed(futures):
                index = futures[future]
                try:
                    results[index] = Outcome(value=future.result())
                except BrokenProcessPool:
                    broken = True
                    results[index] = Outcome(error=WorkerDied())
                except Exception as err:  # noqa: BLE001 - reported per item by the caller
                    results[index] = Outcome(error=err)
                if on_done is not None:
                    on_done(index, results[index])
        except BaseException:
            self.close(cancel=True)
            raise
        submitted = set(futures.values())
        for index in range(len(items)):
            if index not in submitted:
                broken = True
                results[index] = Outcome(error=WorkerDied())
        if broken:
            self.close(cancel=True)  # a fresh pool serves the next stage
        return results

    def map_shared(
        self,
        func: Callable[[S, T], R],
        shared: S,
        items: Sequence[T],
        *,
        on_done: Callable[[int, Outcome[R]], None] | None = None,
    ) -> list[Outcome[R]]:
        """Like ``map``, calling ``func(shared, item)``: ``shared`` (large, such as the case's
        registry) reaches the workers by fork, copy-on-write, instead of being pickled with every
        item. Workers forked before are stopped first; the next ones fork with ``shared`` set.
        ``func`` must be a module-level function (it is pickled by name)."""
        global _SHARED
        if self.workers > 1 and len(items) > 1:
            self.close()
        _SHARED = shared
        try:
            return self.map(_call_shared, [(func, item) for item in items], on_done=on_done)
        finally:
            _SHARED = None

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers; with ``cancel``, drop the work not yet started."""
        if self._executor is not None:
            # Queued work is dropped; work already running finishes (a shard or a group of
            # documents: seconds). Killing a worker mid-write could leave a half-written result
            # in the pipe, on which the executor's own thread would wait for ever.
            self._executor.shutdown(wait=True, cancel_futures=cancel)
            self._executor = None

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel=exc[0] is not None)
