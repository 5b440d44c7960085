"""Two Streamlit replicas behind nginx (deploy/nginx.conf) on loopback ports, measured.

    python deploy/run.py                      # everything below, ~3 minutes
    python deploy/run.py --users 10 30 --seconds 20 --write
    python deploy/run.py --serve              # start it and keep it up (Ctrl-C stops)

1. starts 2 replicas (``streamlit run app.py`` on free ports) and nginx in the foreground
   with a prefix, temp dirs and pid file of its own under a temp dir (not the system service);
2. sticky routing: opens 20 tabs through nginx and counts each replica's websockets;
3. a CSV upload through nginx (the training page's uploader; then Train on the file);
4. the Locust class (bench/locustfile.py) through nginx at the given numbers of students;
5. failover: 20 students clicking Step every second; one replica is killed (SIGKILL, as a
   crash); how many lose their session, how soon each is back (reconnected to the other
   replica, the page rebuilt from its link) and at which stage, and the clicks of the
   students on the other replica meanwhile.

``--write`` puts the results into docs/load.md (between this script's markers).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import classload  # noqa: E402
from bench.stclient import Student  # noqa: E402
from scripts.browser import free_port, serve, stop  # noqa: E402

CONF = ROOT / "deploy" / "nginx.conf"
CSV = b"x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n"  # the OR gate, as a teacher's file


def nginx_path() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None)


class Deployment:
    """Replicas and nginx, started together, stopped together."""

    def __init__(self, replicas: int = 2, ttl: int = 10):
        nginx = nginx_path()
        if nginx is None:
            raise RuntimeError("nginx not found (Debian: apt-get install nginx)")
        self.replicas = [serve(extra=["--server.disconnectedSessionTTL", str(ttl)])
                         for _ in range(replicas)]
        self.ports = [int(url.rsplit(":", 1)[1]) for _, url in self.replicas]
        self.prefix = pathlib.Path(tempfile.mkdtemp(prefix="bl-nginx"))
        (self.prefix / "tmp").mkdir()
        self.port = free_port()
        conf = CONF.read_text()
        ups = "".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n"
                      for p in self.ports)
        conf = conf.replace("        server 127.0.0.1:8501 max_fails=1 fail_timeout=10s;\n"
                            "        server 127.0.0.1:8502 max_fails=1 fail_timeout=10s;\n",
                            ups)
        conf = conf.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{self.port};")
        (self.prefix / "nginx.conf").write_text(conf)
        self.log = open(self.prefix / "nginx.log", "w+b")  # noqa: SIM115
        self.nginx = subprocess.Popen([nginx, "-p", str(self.prefix), "-c", "nginx.conf"],
                                      stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                pass
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                self.log.seek(0)
                self.close()
                raise RuntimeError(f"nginx did not start: {self.log.read().decode()[-1500:]}")
            time.sleep(0.2)

    @property
    def pids(self) -> list[int]:
        return [p.pid for p, _ in self.replicas if p.poll() is None] + [self.nginx.pid]

    def websockets(self) -> list[int]:
        """Established connections into each replica's port (nginx's side of the tabs)."""
        import psutil

        conns = psutil.net_connections("tcp")
        return [sum(1 for c in conns if c.status == "ESTABLISHED" and c.laddr
                    and c.laddr.port == port) for port in self.ports]

    def close(self) -> None:
        if self.nginx.poll() is None:
            self.nginx.terminate()
            try:
                self.nginx.wait(10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for p, _ in self.replicas:
            if p.poll() is None:
                stop(p)
        shutil.rmtree(self.prefix, ignore_errors=True)


def sticky(d: Deployment, n: int = 20) -> dict:
    """n tabs through nginx (each its own browser: its own cookie): where did they land?"""
    base = d.websockets()
    tabs = []
    for _ in range(n):
        s = Student(d.url, fetch_page=True)
        s.open()
        s.click("Step")  # the same session answers: the websocket stayed on its replica
        tabs.append(s)
    per = [a - b for a, b in zip(d.websockets(), base, strict=True)]
    for s in tabs:
        s.close()
    return dict(tabs=n, per_replica=per)


def upload(d: Deployment) -> dict:
    """The training page's CSV uploader through nginx, then Train on the file."""
    s = Student(d.url, fetch_page=True)
    try:
        s.open("page=train")
        s.select("Data", "Upload a CSV file")
        r = s.upload("CSV", "or-gate.csv", CSV)
        used = [t for t in r.texts("markdown") if t.startswith("In use")]
        t = s.click("Train")
        return dict(in_use=used[0] if used else None, exceptions=r.exceptions + t.exceptions,
                    train_bytes=t.nbytes)
    finally:
        s.close()


def failover(d: Deployment, n: int = 20, before: float = 6.0, after: float = 14.0) -> dict:
    """n students clicking Step every second; replica 0 is killed ``before`` s in."""
    lock, out = threading.Lock(), []
    go, t_kill = threading.Event(), [0.0]

    def student(i: int) -> None:
        s = Student(d.url, fetch_page=True)
        rec = dict(lost=False, back_s=None, stage_before=None, stage_after=None, clicks=[],
                   tries=0)
        try:
            s.open()
            go.wait()
            end = time.monotonic() + before + after
            while time.monotonic() < end:
                try:
                    r = s.click("Step")
                    rec["clicks"].append((time.monotonic(), r.ms))
                    if not rec["lost"]:  # the stage reached before its replica died
                        rec["stage_before"] = r.heading("Iteration")
                except Exception:  # noqa: BLE001 (the websocket closed: its replica is gone)
                    rec["lost"] = True
                    while time.monotonic() < end + 30:
                        rec["tries"] += 1
                        try:
                            r = s.reconnect()  # as the frontend: same address, old session id
                            rec["back_s"] = time.monotonic() - t_kill[0]
                            rec["stage_after"] = r.heading("Iteration")
                            break
                        except Exception:  # noqa: BLE001 (not yet: try again, as the frontend)
                            time.sleep(0.5)
                    if rec["back_s"] is None:
                        break
                time.sleep(1.0)
        finally:
            s.close()
            with lock:
                out.append(rec)

    threads = [threading.Thread(target=student, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    time.sleep(8)  # every tab open
    per = d.websockets()
    go.set()
    time.sleep(before)
    t_kill[0] = time.monotonic()
    victim = d.replicas[0][0]
    victim.send_signal(signal.SIGKILL)
    for t in threads:
        t.join(120)
    lost = [r for r in out if r["lost"]]
    kept = [r for r in out if not r["lost"]]
    during = [ms for r in kept for t, ms in r["clicks"] if t_kill[0] <= t <= t_kill[0] + after]
    back = sorted(r["back_s"] for r in lost if r["back_s"] is not None)
    return dict(students=n, after_s=after, per_replica_before=per, lost=len(lost),
                reconnected=len(back),
                back_s=back, same_stage=sum(
                    1 for r in lost if r["stage_after"] and r["stage_before"]
                    and r["stage_after"] == r["stage_before"]),
                stages=[(r["stage_before"], r["stage_after"]) for r in lost][:3],
                kept=len(kept), kept_clicks=len(during),
                kept_p50=statistics.median(during) if during else None,
                kept_max=max(during) if during else None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, nargs="*", default=[10, 30, 60, 100])
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--serve", action="store_true", help="start and keep running")
    ap.add_argument("--write", action="store_true", help="write into docs/load.md")
    a = ap.parse_args()
    d = Deployment()
    try:
        print(f"nginx at {d.url}, replicas on {d.ports}, prefix {d.prefix}", flush=True)
        if a.serve:
            signal.pause()
        res = dict(load_before=classload.loadavg())
        res["sticky"] = sticky(d)
        print("sticky:", res["sticky"], flush=True)
        res["upload"] = upload(d)
        print("upload:", res["upload"], flush=True)
        res["levels"] = classload.levels(d.url, d.pids, a.users, a.seconds,
                                         env={"STUDENT_FETCH_PAGE": "1"}) if a.users else []
        res["failover"] = failover(d)
        res["load_after"] = classload.loadavg()
        print("failover:", json.dumps(res["failover"]), flush=True)
    finally:
        d.close()
    text = report(res)
    print(text)
    if a.write:
        classload.write_section("nginx", text)


def report(res: dict) -> str:
    st, up, fo = res["sticky"], res["upload"], res["failover"]
    back = fo["back_s"]
    lines = [f"Load average at the start {res['load_before']}, at the end {res['load_after']}.",
             "",
             f"- **Sticky routing**: {st['tabs']} tabs (each its own cookie) landed "
             + " + ".join(str(x) for x in st["per_replica"]) + " on the two replicas; "
             "each tab's Step was answered by its own session.",
             f"- **CSV upload through nginx**: {up['in_use'] or 'FAILED'}"
             + (f"; exceptions {up['exceptions']}" if up["exceptions"] else "; no exception")
             + f"; Train on it sent {up['train_bytes'] / 1000:.0f} kB.",
             f"- **One replica killed** (SIGKILL) while {fo['students']} students clicked Step "
             f"every second ({' + '.join(map(str, fo['per_replica_before']))} websockets on the "
             f"two replicas): {fo['lost']} lost their websocket, {fo['reconnected']} reconnected "
             "to the other replica" + (f" within {back[0]:.1f}–{back[-1]:.1f} s of the kill "
                                       f"(median {statistics.median(back):.1f} s)" if back
                                       else "")
             + f"; {fo['same_stage']} of them were back at the stage they had reached (the "
             f"page rebuilt from its link). The {fo['kept']} students on the other replica "
             f"clicked {fo['kept_clicks']} times in the {fo['after_s']:.0f} s after the kill: p50 "
             + (f"{fo['kept_p50']:.0f} ms, worst {fo['kept_max']:.0f} ms, none lost."
                if fo["kept_p50"] is not None else "no clicks."),
             ""]
    if res["levels"]:
        lines += ["Locust through nginx (CPU and RSS summed over both replicas and nginx):", "",
                  classload.table(res["levels"])]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
