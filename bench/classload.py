"""A whole class at once: Locust's virtual students (bench/locustfile.py) against one server.

    python bench/classload.py levels            # 10, 30, 60, 100 students, 40 s each
    python bench/classload.py levels --users 10 30 --seconds 20
    python bench/classload.py memory            # server memory per open session
    python bench/classload.py levels --url http://127.0.0.1:8080 --pids 123 456  # a running
                                                # deployment (deploy/run.py uses this)

Each level is its own headless Locust run (``locust --headless -u N -r R -t T --csv``) against
a server started here (``streamlit run app.py``); meanwhile the server's CPU (of one core)
and RSS are read from /proc every second, and the machine's load average before and after.
Locust runs on the same 2 cores as the server, so its own CPU is reported too. ``--write``
puts the tables into docs/load.md between this script's markers.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
# Run as a script, bench/ comes first on the path, where ``bench`` would be bench/bench.py
sys.path[:] = [str(ROOT)] + [p for p in sys.path if p != str(ROOT / "bench")]
from bench.load import cpu_seconds, rss_mb  # noqa: E402
from bench.stclient import Student  # noqa: E402
from scripts.browser import serve, stop  # noqa: E402

LOCUSTFILE = ROOT / "bench" / "locustfile.py"
DOC = ROOT / "docs" / "load.md"


def loadavg() -> str:
    """The machine's 1-, 5- and 15-minute load averages."""
    return " ".join(pathlib.Path("/proc/loadavg").read_text().split()[:3])


class Sampler(threading.Thread):
    """CPU (fraction of one core, summed over ``pids``) and RSS (MB, summed) every second."""

    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.pids, self.cpu, self.rss, self.done = pids, [], [], threading.Event()

    def run(self) -> None:
        last, t_last = sum(cpu_seconds(p) for p in self.pids), time.monotonic()
        while not self.done.wait(1.0):
            try:
                now, t = sum(cpu_seconds(p) for p in self.pids), time.monotonic()
                self.rss.append(sum(rss_mb(p) for p in self.pids))
            except (FileNotFoundError, ProcessLookupError):
                continue  # a replica stopped on purpose
            self.cpu.append((now - last) / (t - t_last))
            last, t_last = now, t

    def stop(self) -> dict:
        self.done.set()
        self.join()
        cpu = self.cpu[2:] or self.cpu  # past the ramp's first seconds
        return dict(cpu_mean=sum(cpu) / max(1, len(cpu)), cpu_max=max(cpu, default=0.0),
                    rss_max=max(self.rss, default=0.0), rss_end=self.rss[-1] if self.rss else 0)


def locust(url: str, users: int, seconds: int, rate: float | None = None,
           env: dict | None = None) -> list[dict]:
    """One headless Locust run; its per-request rows (name, count, failures, p50, p95, p99)."""
    tmp = tempfile.mkdtemp(prefix="classload")
    rate = rate or max(1.0, users / 10)  # all students in within ~10 s
    cmd = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--host", url, "--headless",
           "-u", str(users), "-r", str(rate), "-t", f"{seconds}s", "--only-summary",
           "--csv", f"{tmp}/run", "--stop-timeout", "10", "--loglevel", "WARNING"]
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env={**os.environ, **(env or {})})
    try:
        _, err = p.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        # Seen once in ~15 runs: Locust did not stop at -t (every greenlet waiting, none
        # running). Its CSV is written every second, so the run's figures are kept; stop it.
        print(f"locust did not stop {seconds} s + 60 s in; stopping it", file=sys.stderr)
        p.terminate()
        try:
            _, err = p.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            _, err = p.communicate()
    rows = []
    with open(f"{tmp}/run_stats.csv") as f:
        for r in csv.DictReader(f):
            rows.append(dict(name=r["Name"], count=int(r["Request Count"]),
                             failures=int(r["Failure Count"]), p50=float(r["50%"]),
                             p95=float(r["95%"]), p99=float(r["99%"]),
                             rps=float(r["Requests/s"])))
    if p.returncode not in (0, 1, -15):  # 1: some requests failed (counted in the rows)
        raise RuntimeError(f"locust exited {p.returncode}: {err.decode()[-1500:]}")
    return rows


def levels(url: str, pids: list[int], users: list[int], seconds: int,
           env: dict | None = None) -> list[dict]:
    out = []
    for n in users:
        before = loadavg()
        sampler = Sampler(pids)
        sampler.start()
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows = locust(url, n, seconds, env=env)
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        server = sampler.stop()
        # Locust's CPU time, from the kernel's account of this process's waited-for children
        locust_cpu = ((c1.ru_utime + c1.ru_stime) - (c0.ru_utime + c0.ru_stime)) / seconds
        r = dict(users=n, seconds=seconds, rows=rows, server=server, locust_cpu=locust_cpu,
                 load_before=before, load_after=loadavg())
        print(json.dumps(r), flush=True)
        out.append(r)
    return out


def table(results: list[dict]) -> str:
    """Markdown: one row per level (all clicks) and the p95 of each task."""
    names = ["open step view", "Step", "Back", "Iterate", "switch to Training",
             "choose AND gate", "Train", "switch to Network", "network Step",
             "switch to Step by step"]
    lines = ["| students | clicks | failures | p50 / p95 / p99 (ms), all clicks | server CPU "
             "mean / max (of one core) | server RSS max (MB) | Locust's CPU | load average "
             "before → after |", "|---|---|---|---|---|---|---|---|"]
    for r in results:
        agg = next(x for x in r["rows"] if x["name"] == "Aggregated")
        s = r["server"]
        lines.append(f"| {r['users']} | {agg['count']} | {agg['failures']} | "
                     f"{agg['p50']:.0f} / {agg['p95']:.0f} / {agg['p99']:.0f} | "
                     f"{s['cpu_mean']:.0%} / {s['cpu_max']:.0%} | {s['rss_max']:.0f} | "
                     f"{r['locust_cpu']:.0%} | {r['load_before']} → {r['load_after']} |")
    lines += ["", "p50 / p95 / p99 (ms) per task, and its count:", "",
              "| task | " + " | ".join(f"{r['users']} students" for r in results) + " |",
              "|---|" + "---|" * len(results)]
    for name in names:
        cells = []
        for r in results:
            x = next((x for x in r["rows"] if x["name"] == name), None)
            cells.append("–" if x is None else
                         f"{x['p50']:.0f} / {x['p95']:.0f} / {x['p99']:.0f} ({x['count']}"
                         + (f", {x['failures']} failed" if x["failures"] else "") + ")")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# -- memory per open session -------------------------------------------------------------------


def _student(url: str, train: bool) -> Student:
    s = Student(url)
    s.open()
    for _ in range(3):
        s.click("Step")
    s.click("Iterate")
    if train:  # the training page keeps its run (history, figures' data) in the session
        s.segment("Page", "Training")
        s.select("Data", "AND gate")
        s.click("Train")
    return s


def memory(n: int = 40, ttl: int = 5, train: bool = False, url: str | None = None,
           pid: int | None = None, rounds: int = 3) -> dict:
    """RSS before any session, after a first one (the imports), then ``rounds`` times: with
    ``n`` sessions open (each opened, stepped, and with ``train`` trained on the AND gate),
    and after they close and the TTL passes.

    Streamlit drops a closed session lazily: its store of closed sessions (a TTL cache)
    evicts what has expired only when it is written, i.e. at the next session's close; and
    Python keeps freed memory for reuse. So "released" shows as later rounds fitting in the
    memory of the earlier ones, not as a falling RSS."""
    proc = None
    if url is None:
        proc, url = serve(extra=["--server.disconnectedSessionTTL", str(ttl)])
        pid = proc.pid
    try:
        cold = rss_mb(pid)
        warm = _student(url, train)  # the first run imports what the page needs
        warm.close()
        time.sleep(ttl + 3)
        rss = [rss_mb(pid)]
        load = [loadavg()]
        for _ in range(rounds):
            with concurrent.futures.ThreadPoolExecutor(4) as ex:
                students = list(ex.map(lambda _: _student(url, train), range(n)))
            time.sleep(2)
            rss.append(rss_mb(pid))
            for s in students:
                s.close()
            time.sleep(ttl + 4)  # past server.disconnectedSessionTTL: the sessions are gone
            rss.append(rss_mb(pid))
        load.append(loadavg())
    finally:
        if proc:
            stop(proc)
    return dict(sessions=n, train=train, ttl=ttl, cold=cold, rss=rss,
                per_session=(rss[1] - rss[0]) / n, last_round_growth=rss[-1] - rss[-3],
                load=load)


# -- docs/load.md --------------------------------------------------------------------------------


def write_section(marker: str, text: str) -> None:
    """Replace the text between ``<!-- marker -->`` and ``<!-- /marker -->`` in docs/load.md."""
    doc = DOC.read_text()
    start, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    if start not in doc:
        doc = doc.rstrip("\n") + f"\n\n{start}\n{end}\n"
    head, rest = doc.split(start, 1)
    _, tail = rest.split(end, 1)
    DOC.write_text(f"{head}{start}\n{text.strip()}\n{end}{tail}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("levels", "memory"))
    ap.add_argument("--users", type=int, nargs="+", default=[10, 30, 60, 100])
    ap.add_argument("--seconds", type=int, default=40)
    ap.add_argument("--url", help="a running server or load balancer (default: start one)")
    ap.add_argument("--pids", type=int, nargs="*", help="the processes serving --url")
    ap.add_argument("--sessions", type=int, default=40)
    ap.add_argument("--train", action="store_true", help="memory: sessions that trained too")
    ap.add_argument("--write", metavar="MARKER", help="write the table into docs/load.md")
    a = ap.parse_args()
    if a.what == "memory":
        r = memory(a.sessions, train=a.train)
        print(json.dumps(r))
        print(f"{a.sessions} sessions{' (trained)' if a.train else ''}: RSS (MB) before any "
              f"session {r['cold']:.0f}, after the first " + " → ".join(f"{v:.0f}" for v in
                                                                      r["rss"])
              + f"; {r['per_session']:.2f} MB per session; the last round grew "
              f"{r['last_round_growth']:.1f} MB; load {r['load'][0]} → {r['load'][1]}")
        return
    proc = None
    if a.url is None:
        proc, url = serve(extra=["--server.disconnectedSessionTTL", "10"])
        pids = [proc.pid]
    else:
        url, pids = a.url, a.pids or []
    try:
        res = levels(url, pids, a.users, a.seconds)
    finally:
        if proc:
            stop(proc)
    text = table(res)
    print(text)
    if a.write:
        write_section(a.write, text)


if __name__ == "__main__":
    main()
