"""Where a click's time goes in the browser: a Chrome performance trace of Step clicks.

Runs ``streamlit run app.py``, opens it in headless Chromium, warms up, then traces
``--clicks`` Step clicks (each from an idle page) with Chrome's own tracing (the categories
the DevTools Performance panel records, with the V8 sampling profiler). Prints, per click:

* the main thread's time by kind of work (self time: script, style, layout, paint, ...), and
* the script's time by who runs it (the JavaScript file each sample's function comes from:
  Plotly, KaTeX, Streamlit's React bundle, ...),

then the medians. ``--page network`` clicks Step on the network page; ``--url`` profiles a
server already running. ``--json FILE`` keeps one click's raw trace for chrome://tracing.

    python bench/profile_browser.py --clicks 10
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.browser import CHROMIUM_ARGS, chromium_path, serve, stop, wait_idle  # noqa: E402

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute",
              "blink.user_timing", "disabled-by-default-v8.cpu_profiler", "loading"]

# Main-thread trace events, by the kind of work the DevTools summary puts them under.
KINDS = {
    "script": {"FunctionCall", "EvaluateScript", "RunMicrotasks", "TimerFire", "EventDispatch",
               "FireAnimationFrame", "v8.compile", "V8.CompileCode", "v8.run",
               "V8.GC_SCAVENGER", "MajorGC", "MinorGC", "V8.Execute", "FireIdleCallback",
               "XHRReadyStateChange", "XHRLoad", "HandlePostMessage", "V8.GCScavenger",
               "V8.GCIncrementalMarking", "V8.GCFinalizeMC", "V8.GCCompactor",
               "BlinkGC.AtomicPhase", "ThreadControllerImpl::RunTask", "V8.StackGuard",
               "V8.HandleInterrupts", "V8.BytecodeBudgetInterrupt",
               "V8.BytecodeBudgetInterruptWithStackCheck"},
    "task overhead (messages, IPC)": {"RunTask", "HitTest"},
    "style": {"UpdateLayoutTree", "RecalculateStyles", "ParseAuthorStyleSheet",
              "ScheduleStyleRecalculation", "InvalidateLayout"},
    "layout": {"Layout", "LayoutShift", "UpdateLayerTree", "Layerize", "ComputeIntersections"},
    "paint": {"Paint", "PrePaint", "PaintImage", "RasterTask", "Commit", "CompositeLayers",
              "UpdateLayer", "Decode Image", "ImageDecodeTask"},
    "parse": {"ParseHTML", "ResourceReceivedData"},
}
KIND_OF = {name: kind for kind, names in KINDS.items() for name in names}

# The script's time by the file its functions come from (Streamlit's static bundle).
BUNDLES = [("Plotly", re.compile(r"PlotlyChart|plotly", re.I)),
           ("KaTeX / Markdown", re.compile(r"katex|Markdown|rehype|remark|micromark", re.I)),
           ("protobuf (messages)", re.compile(r"protobuf", re.I)),
           ("Streamlit app + React", re.compile(r"/static/js/index\.|react", re.I)),
           ("other Streamlit chunks", re.compile(r"/static/js/"))]


def bundle(url: str, function: str) -> str:
    if not url:
        return {"(garbage collector)": "garbage collection", "(program)": "browser (program)",
                "(idle)": "idle"}.get(function, "browser built-ins")
    name = next((name for name, pat in BUNDLES if pat.search(url)), "other scripts")
    if name == "other Streamlit chunks":
        return "Streamlit chunk " + url.rsplit("/", 1)[-1].split(".")[0]
    return name


def main_thread(events: list[dict]) -> tuple[int, int]:
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    return next(k for k, v in names.items() if v == "CrRendererMain")


def self_times(events: list[dict], pid: int, tid: int, t0: float, t1: float) -> dict[str, float]:
    """Self time (ms) of the main thread's complete events inside [t0, t1], by kind."""
    evs = sorted((e for e in events if e.get("ph") == "X" and e["pid"] == pid
                  and e["tid"] == tid and "dur" in e and t0 <= e["ts"] <= t1),
                 key=lambda e: (e["ts"], -e["dur"]))
    out: dict[str, float] = defaultdict(float)
    stack: list[list] = []  # [end, kind, child time]

    def close(until: float) -> None:
        while stack and stack[-1][0] <= until:
            end, kind, _ = stack.pop()

    for e in evs:
        close(e["ts"])
        kind = KIND_OF.get(e["name"], "other")
        if stack:  # the parent's self time loses this child's time
            out[stack[-1][1]] -= e["dur"] / 1e3
        out[kind] += e["dur"] / 1e3
        stack.append([e["ts"] + e["dur"], kind, 0.0])
    return {k: v for k, v in out.items() if abs(v) > 0.05}


def other_names(events, pid, tid, t0, t1) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for e in events:
        if (e.get("ph") == "X" and e["pid"] == pid and e["tid"] == tid and "dur" in e
                and t0 <= e["ts"] <= t1 and e["name"] not in KIND_OF):
            out[e["name"]] += e["dur"] / 1e3
    return dict(sorted(out.items(), key=lambda kv: -kv[1])[:8])


def js_by_bundle(events: list[dict], pid: int, t0: float, t1: float) -> dict[str, float]:
    """Sampled script time (ms) inside [t0, t1] by bundle, from the V8 profiler's chunks."""
    nodes: dict[int, tuple[str, str]] = {}
    out: dict[str, float] = defaultdict(float)
    ts = None
    for e in events:
        if e.get("pid") != pid:
            continue
        if e.get("name") == "Profile":
            ts = e["args"]["data"].get("startTime", ts)
        if e.get("name") != "ProfileChunk":
            continue
        data = e["args"]["data"]
        for n in data.get("cpuProfile", {}).get("nodes", []):
            cf = n["callFrame"]
            nodes[n["id"]] = (cf.get("url", ""), cf.get("functionName", ""))
        samples = data.get("cpuProfile", {}).get("samples", [])
        for node, dt in zip(samples, data.get("timeDeltas", []), strict=False):
            ts = (ts or 0) + dt
            if t0 <= ts <= t1 and node in nodes:
                url, fn = nodes[node]
                out[bundle(url, fn)] += dt / 1e3
    out.pop("idle", None)
    return out


CLICK_DONE = """([before, stage]) => {
    const h = [...document.querySelectorAll('h4')].find(e => e.innerText.includes('Iteration'));
    const app = document.querySelector("[data-testid='stApp']");
    const ok = h && h.innerText !== before && h.innerText.includes(`Stage ${stage} of`)
        && app.getAttribute('data-test-script-state') === 'notRunning';
    if (ok) performance.mark('done');
    return ok;
}"""


def profile(url: str, clicks: int, keep: str | None) -> list[tuple[float, dict, dict]]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        wait_idle(page)
        page.wait_for_selector("[data-testid='stPlotlyChart'] svg")
        step = page.get_by_role("button", name=re.compile("Step")).first
        for i in range(clicks + 2):
            head = page.locator("h4").filter(has_text="Iteration").first.inner_text()
            last = int(re.search(r"Stage \d+ of (\d+)", head).group(1))
            stage = (int(re.search(r"Stage (\d+) of", head).group(1)) + 1) % (last + 1)
            browser.start_tracing(page=page, categories=CATEGORIES)
            page.evaluate("() => performance.mark('click')")
            step.click()
            page.wait_for_function(CLICK_DONE, arg=[head, stage], polling=5)
            page.wait_for_timeout(300)  # let the last paint land in the trace
            raw = browser.stop_tracing()
            wait_idle(page)
            if i < 2:
                continue
            events = json.loads(raw)["traceEvents"]
            if keep and i == 2:
                Path(keep).write_bytes(raw)
            pid, tid = main_thread(events)
            mark = next(e["ts"] for e in events if e.get("name") == "click"
                        and e.get("ph") in ("R", "I", "n", "b", "X"))
            end = next(e["ts"] for e in events if e.get("name") == "done"
                       and e.get("ph") in ("R", "I", "n", "b", "X"))
            results.append(((end - mark) / 1e3, self_times(events, pid, tid, mark, end),
                            js_by_bundle(events, pid, mark, end)))
            if i == 2 and (other := other_names(events, pid, tid, mark, end)):
                print("unclassified events (total ms, first click):", other)
        browser.close()
    return results


def report(results: list[tuple[float, dict, dict]]) -> str:
    def med(key, i):
        return statistics.median(r[i].get(key, 0.0) for r in results)

    spans = [r[0] for r in results]
    lines = [f"clicks traced: {len(results)}; from the click until the new stage is shown "
             "and the script is idle: "
             f"median {statistics.median(spans):.0f} ms ({min(spans):.0f}–{max(spans):.0f})",
             "", "| main thread, self time | median ms |", "|---|---|"]
    kinds = sorted({k for r in results for k in r[1]}, key=lambda k: -med(k, 1))
    lines += [f"| {k} | {med(k, 1):.1f} |" for k in kinds]
    lines += ["", "| script, by bundle (sampled) | median ms |", "|---|---|"]
    names = sorted({k for r in results for k in r[2]}, key=lambda k: -med(k, 2))
    names = [k for k in names if med(k, 2) >= 0.5]
    lines += [f"| {k} | {med(k, 2):.1f} |" for k in names]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clicks", type=int, default=10)
    ap.add_argument("--page", default="step", choices=("step", "network"))
    ap.add_argument("--url", help="a server already running (else one is started)")
    ap.add_argument("--json", help="write the first traced click's raw trace here")
    a = ap.parse_args()
    proc = None
    if a.url is None:
        proc, a.url = serve()
    try:
        url = a.url + ("/?page=network" if a.page == "network" else "")
        print(report(profile(url, a.clicks, a.json)))
    finally:
        if proc is not None:
            stop(proc)


if __name__ == "__main__":
    main()
