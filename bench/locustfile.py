"""A class of students for Locust: each user is one browser tab (bench/stclient.py).

    locust -f bench/locustfile.py --host http://127.0.0.1:8501 --headless -u 30 -r 10 -t 60s

Each click is one Locust request, named after what was clicked, timed from sending the
BackMsg to the server's ``script_finished`` (what the student waits for before the page is
complete). A reply that carries an exception, or a step view without its heading, counts as a
failure. The tasks are weighted like a lesson: mostly Step, some Back and Iterate, now and
then the training page (the AND gate, Train) or the network page's Step, and sometimes a
fresh tab. A student waits about 2 s between clicks (``STUDENT_WAIT`` seconds, default 2).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from locust import User, between, task

# Beside this file (not ``bench.stclient``: Locust puts bench/ first on the path, where
# ``bench`` is bench/bench.py)
sys.path.insert(0, str(Path(__file__).resolve().parent))
from stclient import Student  # noqa: E402

WAIT = float(os.environ.get("STUDENT_WAIT", "2"))
PAGES = {"step": "Step by step", "train": "Training", "network": "Network"}


class StudentUser(User):
    wait_time = between(0.75 * WAIT, 1.25 * WAIT)

    def on_start(self) -> None:
        # STUDENT_FETCH_PAGE=1: load the page's HTML first, as a browser (behind nginx: the
        # sticky cookie)
        self.s = Student(self.host, timeout=60,
                         fetch_page=os.environ.get("STUDENT_FETCH_PAGE") == "1")
        self.page = "step"
        self._do("open step view", self.s.open)

    def on_stop(self) -> None:
        self.s.close()

    # -- one click, reported to Locust --------------------------------------------------------

    def _do(self, name: str, fn, *args, check=None):
        start = time.perf_counter()
        reply, exc = None, None
        try:
            reply = fn(*args)
            if reply.exceptions:
                raise RuntimeError(f"exception on the page: {reply.exceptions[0]}")
            if check and not check(reply):
                raise RuntimeError(f"{name}: the reply lacks what the page shows")
        except Exception as e:  # noqa: BLE001 (every failure is Locust's to count)
            exc = e
        ms = reply.ms if reply is not None and exc is None else \
            (time.perf_counter() - start) * 1000
        self.environment.events.request.fire(
            request_type="WS", name=name, response_time=ms,
            response_length=reply.nbytes if reply else 0, exception=exc, context={})
        if exc is not None:  # start again in a fresh tab, as a student would reload
            self._reopen()
        return reply

    def _reopen(self) -> None:
        try:
            self.s.open()
            self.page = "step"
        except Exception:  # noqa: BLE001 (the next click reports it)
            self.page = "?"

    def _go(self, page: str) -> None:
        """Switch page with the header's segmented control, as a click of its own."""
        if self.page == page:
            return
        if self.page == "?":
            self._do("open step view", self.s.open)
            self.page = "step"
            if page == "step":
                return
        self._do(f"switch to {PAGES[page]}", self.s.segment, "Page", PAGES[page])
        self.page = page
        self.wait()

    @staticmethod
    def _heading(reply) -> bool:
        return bool(reply.heading("Iteration"))

    # -- the lesson ---------------------------------------------------------------------------

    @task(8)
    def step(self) -> None:
        self._go("step")
        self._do("Step", self.s.click, "Step", check=self._heading)

    @task(2)
    def back(self) -> None:
        self._go("step")
        b, _ = self.s.widget("Back")
        if b.disabled:  # at the very start: a student presses Step instead
            self._do("Step", self.s.click, "Step", check=self._heading)
        else:
            self._do("Back", self.s.click, "Back", check=self._heading)

    @task(2)
    def iterate(self) -> None:
        self._go("step")
        self._do("Iterate", self.s.click, "Iterate", check=self._heading)

    @task(1)
    def reopen(self) -> None:
        """A new tab on the step view (a link opened again)."""
        self._do("open step view", self.s.open, check=self._heading)
        self.page = "step"

    @task(1)
    def train(self) -> None:
        self._go("train")
        if "data=and" not in self.s.query:
            self._do("choose AND gate", self.s.select, "Data", "AND gate")
            self.wait()
        self._do("Train", self.s.click, "Train")

    @task(2)
    def network_step(self) -> None:
        self._go("network")
        self._do("network Step", self.s.click, "Step", check=self._heading)
