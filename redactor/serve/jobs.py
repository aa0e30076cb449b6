"""Scans and publications in a background thread, one at a time per case, with progress the page polls.

A job's message and result are built by the caller's function and hold no identifier text; a
``RedactorError`` becomes the job's message (our messages carry none), any other exception a
generic one (logged by class name only, never its text).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from redactor.errors import RedactorError

log = logging.getLogger("redactor.serve")

#: ``progress(label, total)`` starts a step and returns its "one more done" call (``run.Progress``).
Progress = Callable[[str, int], Callable[[], None]]
Work = Callable[[Progress], dict[str, Any]]


class JobBusy(RedactorError):
    """Another job is running for this case."""


@dataclass
class Job:
    """One scan or publication: its state as the page sees it."""

    id: str
    case_id: str
    kind: str  # "scan" or "publish"
    state: str = "running"  # running, done, failed
    step: str = "Starting"
    done: int = 0
    total: int = 0
    message: str = ""
    result: dict[str, Any] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def view(self) -> dict[str, Any]:
        """The job as JSON for the page."""
        with self.lock:
            return {
                "id": self.id, "case": self.case_id, "kind": self.kind, "state": self.state, "step": self.step,
                "done": self.done, "total": self.total, "message": self.message, "result": self.result,
            }

    def progress(self, label: str, total: int) -> Callable[[], None]:
        with self.lock:
            self.step, self.done, self.total = label, 0, total

        def tick() -> None:
            with self.lock:
                self.done = min(self.done + 1, self.total)

        return tick


class Jobs:
    """The jobs of this server: at most one running per case."""

    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._running: dict[str, Job] = {}
        self._lock = threading.Lock()

    def start(self, case_id: str, kind: str, work: Work) -> Job:
        """Start ``work`` for the case in a thread and return its job.

        Raises:
            JobBusy: a job is already running for this case.
        """
        with self._lock:
            running = self._running.get(case_id)
            if running is not None:
                raise JobBusy(f"a {running.kind} is already running for this case; wait for it to finish")
            job = Job(secrets.token_hex(8), case_id, kind)
            self._jobs[job.id] = job
            self._running[case_id] = job
        thread = threading.Thread(target=self._run, args=(job, work), name=f"redactor-{kind}", daemon=True)
        thread.start()
        return job

    def _run(self, job: Job, work: Work) -> None:
        try:
            result = work(job.progress)
        except RedactorError as error:
            self._finish(job, "failed", str(error), None)
        except Exception as error:  # noqa: BLE001  # a bug: its text may hold names, so only the class is kept
            log.error("%s failed: internal error (%s)", job.kind, type(error).__name__)
            message = f"internal error ({type(error).__name__}); nothing partial was published. Please report it."
            self._finish(job, "failed", message, None)
        else:
            self._finish(job, "done", "", result)

    def _finish(self, job: Job, state: str, message: str, result: dict[str, Any] | None) -> None:
        with job.lock:
            job.state, job.message, job.result = state, message, result
            job.step = "Finished" if state == "done" else "Failed"
        with self._lock:
            if self._running.get(job.case_id) is job:
                del self._running[job.case_id]

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def running(self, case_id: str) -> Job | None:
        with self._lock:
            return self._running.get(case_id)
