"""Backprop Lab benchmarks: the core, the page, the payload, the browser and memory.

Run ``python bench/bench.py`` from anywhere: it measures everything side by side in this one
process run (the Streamlit servers, and the memory runs, are child processes of it), prints
the tables and writes them to ``docs/benchmarks.md`` with the machine, the versions and the
date. ``--quick`` takes fewer repeats (for a smoke run); ``--no-write`` leaves the docs alone;
``--only core,page,...`` runs some sections only (then nothing is written).

Every time is the median of several repeats: the machine may be busy with other work.
PyTorch is optional; without it its column says "not installed".
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from neuron.activations import ACTIVATIONS, SIGMOID  # noqa: E402
from neuron.core import neuron  # noqa: E402
from neuron.datasets import DATASETS, get_dataset, logic_gate  # noqa: E402
from neuron.losses import BCE, MSE  # noqa: E402
from neuron.train import EPOCHS_MAX, UPDATES_MAX, Descent, train  # noqa: E402
from scripts.apptest import only_fragment  # noqa: E402
from scripts.browser import CHROMIUM_ARGS, chromium_path, serve, stop  # noqa: E402

try:
    import torch
except ImportError:  # the torch column then says "not installed"
    torch = None

DOC = ROOT / "docs" / "benchmarks.md"
APP = ROOT / "app.py"
NA = "not installed"
# The trivial app the page's costs are compared with (a counter shows each rerun's end).
TRIVIAL_APP = textwrap.dedent("""\
    import streamlit as st
    st.button("go", key="b")
    st.session_state["n"] = st.session_state.get("n", 0) + 1
    st.write(f"count {st.session_state['n']}")
""")
REPEATS = 11  # of each core timing (--quick: 3)


def median_times(fns: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median wall time in seconds of each function, timed in turn (one warm-up call each).

    Taking turns within each repeat means a busy moment of the machine slows all of them
    alike, so their ratios hold better than their absolute times.
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    for r in range(repeats + 1):
        for name, fn in fns.items():
            t = time.perf_counter()
            fn()
            if r:
                times[name].append(time.perf_counter() - t)
    return {name: statistics.median(t) for name, t in times.items()}


def table(head: list[str], rows: list[list[str]]) -> str:
    """A Markdown table (also what is printed)."""
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


# -- 1. the core: one training iteration -----------------------------------------------------


def obvious_full(X, y, w, b, lr, epochs):
    """The obvious NumPy loop, full batch: the issue's reference, written plainly."""
    m = X.shape[0]
    for _ in range(epochs):
        z = X @ w + b
        y_hat = 1 / (1 + np.exp(-z))
        loss = np.mean(0.5 * (y_hat - y) ** 2)  # noqa: F841 (computed, as a loop would)
        dz = (y_hat - y) * y_hat * (1 - y_hat)
        w = w - lr * X.T @ dz / m
        b = b - lr * dz.mean()
    return w, b


def obvious_sgd(X, y, w, b, lr, epochs, seed=0):
    """The same on one row at a time, in a seeded random order each epoch."""
    rng = np.random.default_rng(seed)
    m = X.shape[0]
    for _ in range(epochs):
        for i in rng.permutation(m):
            x, t = X[i: i + 1], y[i: i + 1]
            z = x @ w + b
            y_hat = 1 / (1 + np.exp(-z))
            loss = np.mean(0.5 * (y_hat - t) ** 2)  # noqa: F841
            dz = (y_hat - t) * y_hat * (1 - y_hat)
            w = w - lr * x.T @ dz
            b = b - lr * dz.mean()
    return w, b


def torch_loop(X, y, w0, b0, lr, epochs, sgd, seed=0):
    """PyTorch eager autograd, the same maths: float64, backward(), update under no_grad."""
    Xt, yt = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(float(b0), dtype=torch.float64, requires_grad=True)
    rng = np.random.default_rng(seed)
    m = X.shape[0]

    def update(x, t):
        y_hat = torch.sigmoid(x @ w + b)
        loss = (0.5 * (y_hat - t) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w.sub_(lr * w.grad)  # w -= lr * w.grad
            b.sub_(lr * b.grad)
        w.grad.zero_()
        b.grad.zero_()

    for _ in range(epochs):
        if sgd:
            for i in rng.permutation(m).tolist():
                update(Xt[i: i + 1], yt[i: i + 1])
        else:
            update(Xt, yt)
    return w.detach().numpy(), b.item()


def core_cases():
    """(name, X, y, w0, lr): sizes from m = 1 to 1,000."""
    doc = (np.array([[0.5, 0.3]]), np.array([1.0]), np.array([0.2, 0.4]), 0.5)
    gate = logic_gate("and")
    blob = get_dataset("blobs")

    def rand(m):
        rng = np.random.default_rng(0)
        Xr = rng.normal(size=(m, 8))
        return Xr, (Xr @ rng.normal(size=8) + 0.3 * rng.normal(size=m) > 0).astype(float)
    return [("document example", *doc),
            ("AND gate", np.array(gate.X), np.array(gate.y), np.zeros(2), 0.5),
            ("random", *rand(16), np.zeros(8), 0.5),
            ("blobs", np.array(blob.X), np.array(blob.y), np.zeros(2), 0.5),
            ("random", *rand(1000), np.zeros(8), 0.5)]


def bench_core(repeats: int) -> tuple[str, list[dict]]:
    """µs per parameter update: the core's train() against the obvious loop and PyTorch."""
    if torch is not None:
        torch.set_num_threads(1)  # tiny tensors: threads only add noise
    rows, results = [], []
    for name, X, y, w0, lr in core_cases():
        m, n = X.shape
        for batch in ("full", "sgd"):
            sgd = batch == "sgd"
            # updates per timed call: ~4,000 (the large sets' SGD: a few epochs)
            epochs = max(1, 4_000 // m) if sgd else (2_000 if m <= 100 else 500)
            updates = epochs * (m if sgd else 1)
            h = train(neuron(w0, 0.0, SIGMOID), X, y, MSE, Descent(lr, epochs, batch, seed=0))
            assert h.stopped is None and h.epochs_run == epochs, h.stopped
            fns = {"core": partial(train, X, y, w0, 0.0, SIGMOID, MSE, lr, epochs, batch, 0),
                   "obvious": partial(obvious_sgd if sgd else obvious_full, X, y, w0, 0.0, lr,
                                      epochs)}
            if torch is not None:
                fns["torch"] = partial(torch_loop, X, y, w0, 0.0, lr, epochs, sgd)
            t = median_times(fns, repeats)
            r = dict(case=name, m=m, n=n, batch=batch, updates=updates,
                     core=t["core"] / updates * 1e6, obvious=t["obvious"] / updates * 1e6,
                     torch=t["torch"] / updates * 1e6 if "torch" in t else None)
            results.append(r)
            r_obv = r["core"] / r["obvious"]
            row = [f"{name} (m={m:,}, n={n})", batch, f"{updates:,}", f"{r['core']:.1f}",
                   f"{r['obvious']:.1f}", NA, f"{r_obv:.2f}", "pass" if r_obv <= 1 else "FAIL",
                   NA, NA]
            if r["torch"] is not None:
                r_tor = r["core"] / r["torch"]
                row[5], row[8] = f"{r['torch']:.1f}", f"{r_tor:.2f}"
                row[9] = "pass" if r_tor < 1 else "FAIL"
            rows.append(row)
    head = ["case", "batch", "updates timed", "core µs", "obvious NumPy µs", "PyTorch µs",
            "core/obvious (goal ≤ 1)", "met", "core/torch (goal < 1)", "met"]
    return table(head, rows), results


def bench_cap(repeats: int) -> tuple[str, list[dict]]:
    """A training at the cap (EPOCHS_MAX epochs) on each built-in dataset: seconds."""
    from neuron.net import Net

    rows, results = [], []
    runs = [(name, batch) for name in DATASETS for batch in ("full", "sgd")]
    for name, batch in runs:
        data = get_dataset(name)
        X, y = np.array(data.X), np.array(data.y)
        m = X.shape[0]
        epochs = min(EPOCHS_MAX, UPDATES_MAX // m) if batch == "sgd" else EPOCHS_MAX
        net = neuron(np.zeros(X.shape[1]), 0.0, SIGMOID)
        fn = partial(train, net, X, y, BCE, Descent(0.5, epochs, batch, watch=False))
        t = median_times({"run": fn}, max(1, repeats // 4))["run"]
        results.append(dict(data=name, batch=batch, m=m, s=t, net="neuron", epochs=epochs))
    rng = np.random.default_rng(0)
    xor = get_dataset("xor")
    net = Net.of([rng.normal(0, 1, (4, 2)), rng.normal(0, 1, (1, 4))], [np.zeros(4), [0.0]],
                 [ACTIVATIONS["tanh"], SIGMOID])
    for batch in ("full", "sgd"):
        fn = partial(train, net, np.array(xor.X), np.array(xor.y), BCE,
                     Descent(2.0, EPOCHS_MAX, batch, watch=False))
        t = median_times({"run": fn}, max(1, repeats // 4))["run"]
        results.append(dict(data="xor", batch=batch, m=4, s=t, net="2-4-1", epochs=EPOCHS_MAX))
    for r in results:
        goal = 0.5 if r["net"] == "neuron" else 1.0
        sgd = r["batch"] == "sgd"
        rows.append([r["net"], r["data"], r["batch"], f"{r['m']:,}", f"{r['epochs']:,}",
                     f"{r['epochs'] * (r['m'] if sgd else 1):,}", f"{r['s'] * 1e3:.0f}",
                     "" if sgd else f"< {goal * 1e3:.0f}",
                     "" if sgd else ("pass" if r["s"] < goal else "FAIL")])
    head = ["network", "data", "batch", "m", "epochs", "updates", "ms", "goal", "met"]
    return table(head, rows), results


# -- 2. the page: server-side cost of a click (AppTest) --------------------------------------


def apptest_click_ms(apps: dict[str, tuple], clicks: int) -> dict[str, float]:
    """Median ms of ``button(key).click().run()`` in AppTest for each (script, key, fragment)
    or (script, key, fragment, query): the app opened with that link's query.

    With ``fragment`` the click reruns only the app's fragment, as the browser asks for a
    click on a button inside ``st.fragment``; AppTest itself always reruns the whole script.
    The apps take turns click by click (after three warm-up clicks each), so that a busy
    moment of the machine slows all of them alike.
    """
    from streamlit.testing.v1 import AppTest

    # AppTest's setup warns "missing ScriptRunContext" (harmless); Streamlit resets log levels
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "ScriptRunContext" not in record.getMessage())
    def opened(app):
        at = AppTest.from_file(app[0], default_timeout=60)
        for k, v in (app[3] if len(app) > 3 else {}).items():  # a link's query, if given
            at.query_params[k] = v
        return at.run()

    tests = {name: opened(app) for name, app in apps.items()}
    times: dict[str, list[float]] = {name: [] for name in apps}
    for i in range(clicks + 3):
        for name, (_, key, fragment, *_query) in apps.items():
            button = tests[name].button(key=key)
            with only_fragment(tests[name]) if fragment else contextlib.nullcontext():
                t = time.perf_counter()
                button.click().run()
                took = time.perf_counter() - t
            if i >= 3:
                times[name].append(took)
    for at in tests.values():
        assert not at.exception, [e.value for e in at.exception]
    return {name: statistics.median(t) * 1e3 for name, t in times.items()}


def gc_ms() -> float:
    """Median ms of a full gc.collect() with the app and Plotly loaded (runner.postScriptGC)."""
    import gc

    times = []
    for _ in range(5):
        t = time.perf_counter()
        gc.collect()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def graph_ms() -> float:
    """Median ms of the step view's graph: graph_spec and its JSON (part of every Step click)."""
    import plotly.io as pio

    from neuron.config import DEFAULT
    from neuron.graph import graph_spec

    st_, times = DEFAULT.step(), []
    for stage in list(range(9)) * 3:
        t = time.perf_counter()
        pio.to_json(graph_spec(st_, stage), validate=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1e3


def elements_of_a_step() -> int:
    """How many elements (deltas) the page sends for one Step click in the browser (the step
    view's fragment), median over a walk through the stages."""
    from streamlit.testing.v1 import AppTest, local_script_runner

    counts, parse = [], local_script_runner.parse_tree_from_messages

    def counting(msgs):
        counts.append(sum(m.HasField("delta") for m in msgs))
        return parse(msgs)

    at = AppTest.from_file(str(APP), default_timeout=60).run()
    local_script_runner.parse_tree_from_messages = counting
    try:
        for _ in range(9):
            with only_fragment(at):
                at.button(key="btn_step").click().run()
    finally:
        local_script_runner.parse_tree_from_messages = parse
    return round(statistics.median(counts))


def bench_page(clicks: int, trivial: str) -> tuple[str, dict]:
    n = elements_of_a_step()
    floor = str(Path(trivial).with_name("floor_app.py"))
    Path(floor).write_text(Path(trivial).read_text() + "".join(
        f"st.text('line {i}')\n" for i in range(n - 3)))  # the trivial app sends 3
    ms = apptest_click_ms({"trivial": (trivial, "b", False),
                           "floor": (floor, "b", False),
                           "Step": (str(APP), "btn_step", True),
                           "Iterate": (str(APP), "btn_iterate", True),
                           "Step, whole": (str(APP), "btn_step", False),
                           "Iterate, whole": (str(APP), "btn_iterate", False),
                           "Network Step": (str(APP), "nbtn_step", True, NET_QUERY),
                           "Network Iterate": (str(APP), "nbtn_iterate", True, NET_QUERY)},
                          clicks)
    base = ms["trivial"]
    res = dict(trivial=base, floor=ms["floor"], elements=n,
               step=ms["Step"], iterate=ms["Iterate"], step_whole=ms["Step, whole"],
               iterate_whole=ms["Iterate, whole"], gc=gc_ms(), graph=graph_ms(),
               net_step=ms["Network Step"], net_iterate=ms["Network Iterate"])
    rows = [["trivial app: one button (whole script)", f"{base:.1f}", "1.00", "", ""],
            [f"trivial app + {n - 3} lines of text ({n} elements, as many as a Step click "
             "sends)", f"{ms['floor']:.1f}", f"{ms['floor'] / base:.2f}", "", ""]]
    for name in ("Step", "Iterate"):
        ratio = ms[name] / base
        rows.append([f"Backprop Lab: {name} click (reruns the step view, as in the browser)",
                     f"{ms[name]:.1f}", f"{ratio:.2f}", "≤ 3×", "pass" if ratio <= 3 else "FAIL"])
    for name in ("Step", "Iterate"):
        rows.append([f"Backprop Lab: {name}, whole script (AppTest's default; what a change "
                     "in the sidebar or header reruns)", f"{ms[name + ', whole']:.1f}",
                     f"{ms[name + ', whole'] / base:.2f}", "", ""])
    for name in ("Step", "Iterate"):  # issue 15: no more than the step view's
        got, ref = ms[f"Network {name}"], ms[name]
        rows.append([f"Backprop Lab: network page (Mazur's 2-2-2), {name} click (its fragment)",
                     f"{got:.1f}", f"{got / base:.2f}", f"≤ step view's {name}",
                     "pass" if got <= ref * 1.1 else f"FAIL ({got / ref:.2f}× the step view's)"])
    head = [f"click (median of {clicks})", "ms", "× trivial", "goal", "met"]
    return table(head, rows), res


# -- 3. the payload: bytes of each figure -----------------------------------------------------


def payload_runs():
    """(label, batch, epochs): AND gate, sigmoid + cross-entropy, lr 1."""
    return [("100 updates (full, 100 epochs)", "full", 100),
            ("10,000 updates (SGD, 2,500 epochs)", "sgd", 2_500),
            (f"cap: {EPOCHS_MAX:,} updates (full, {EPOCHS_MAX:,} epochs)", "full", EPOCHS_MAX),
            (f"cap: {4 * EPOCHS_MAX:,} updates (SGD, {EPOCHS_MAX:,} epochs)", "sgd", EPOCHS_MAX)]


def figure_sizes(batch: str, epochs: int) -> dict[str, int]:
    """len(fig.to_json()) of every figure for one training run."""
    from neuron.core import step
    from neuron.figures import activation_figure, boundary_figure, landscape_figure, weights_figure
    from neuron.graph import graph_figure
    from neuron.stages import LAST

    gate = logic_gate("and")
    X, y = np.array(gate.X), np.array(gate.y)
    h = train(neuron(np.zeros(2), 0.0, SIGMOID), X, y, BCE, Descent(1.0, epochs, batch, seed=0))
    w, b = h.at(h.epochs_run)
    figs = {
        "weights_figure": weights_figure(h),
        "landscape_figure": landscape_figure(X, y, h),
        "boundary_figure": boundary_figure(X, y, h),
        "activation_figure": activation_figure(SIGMOID, X @ w + b),
        "graph_figure (stage 8)": graph_figure(step(w, b, X, y, SIGMOID, BCE, 1.0), LAST),
    }
    return {name: len(fig.to_json()) for name, fig in figs.items()}


def bench_payload() -> tuple[str, dict]:
    runs = payload_runs()
    sizes = [figure_sizes(batch, epochs) for _, batch, epochs in runs]
    rows, met = [], True
    for name in sizes[0]:
        col = [s[name] for s in sizes]
        flat = max(col[1:]) / col[1]  # from 10,000 updates to the cap
        ok = max(col) < 300_000 and flat <= 1.1
        met &= ok
        rows.append([name, *(f"{c / 1e3:.1f}" for c in col), f"{max(col) / col[0]:.2f}",
                     f"{flat:.2f}", "pass" if ok else "FAIL"])
    head = ["figure (KB)", *(label for label, _, _ in runs), "largest / at 100",
            "largest / at 10,000", "met"]
    largest = max(max(s.values()) for s in sizes)
    return table(head, rows), dict(sizes=sizes, met=met, largest=largest)


# -- 4. the browser: a click until the page shows its result -----------------------------------


IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# Each click's time is taken in the page: from the click event (a capturing listener) to the
# first poll (every 5 ms) that sees the result, so Playwright's own overhead is not counted.
MARK_CLICK = ("() => { document.addEventListener('click', () => { window.__t0 = "
              "performance.now(); }, {capture: true}); new MutationObserver(() => { "
              "window.__mut = performance.now(); }).observe(document.body, {subtree: true, "
              "childList: true, attributes: true, characterData: true}); }")
# "Still": the page's last change (any element, attribute or text) after the click, once
# nothing has changed for QUIET ms (a page that never settles counts up to 5 s).
QUIET = 400
STILL = """(quiet) => {
    const now = performance.now();
    return (now - (window.__mut || 0) > quiet || now - window.__t0 > 5000)
        ? Math.max(0, (window.__mut || window.__t0) - window.__t0) : 0;
}"""
NET_QUERY = {"page": "network", "example": "mazur"}  # the network page as a link opens it
NET_LINK = "page=network&example=mazur"
GRAPH_SHOWS = """([before, stage]) => {
    const h = [...document.querySelectorAll('h4')].find(e => e.innerText.includes('Iteration'));
    const g = document.querySelector("[data-testid='stPlotlyChart']");
    const ok = h && h.innerText !== before && h.innerText.includes(`Stage ${stage} of`)
        && g && g.textContent.includes(`Stage ${stage}:`);
    return ok ? performance.now() - window.__t0 : 0;
}"""
COUNT_SHOWS = """(n) => {
    const app = document.querySelector("[data-testid='stApp']");
    const ok = document.body.innerText.includes(`count ${n}`)
        && app.getAttribute('data-test-script-state') === 'notRunning';
    return ok ? performance.now() - window.__t0 : 0;
}"""


def wait_idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
    page.wait_for_timeout(150)
    page.wait_for_selector(IDLE)


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    wait_idle(page)
    page.evaluate(MARK_CLICK)
    return page


def click_step_ms(page) -> float:
    """A Step click on the app: until the heading and the graph's title show the new stage."""
    return click_app(page, "Step")[0]


def click_app(page, button: str = "Step") -> tuple[float, float]:
    """A Step or Iterate click on the app: (ms until the heading and the graph's title show
    the stage it leads to, ms until the page is still)."""
    head = page.locator("h4").filter(has_text="Iteration").first.inner_text()
    now, last = map(int, re.search(r"Stage (\d+) of (\d+)", head).groups())
    stage = (now + 1) % (last + 1) if button == "Step" else last
    page.get_by_role("button", name=re.compile(button)).first.click()
    shown = page.wait_for_function(GRAPH_SHOWS, arg=[head, stage], polling=5).json_value()
    still = page.wait_for_function(STILL, arg=QUIET, polling=20).json_value()
    wait_idle(page)
    return shown, max(shown, still)


def click_trivial_ms(page) -> float:
    """A click on the trivial app: until its counter shows the rerun and the script is done."""
    return click_trivial(page)[0]


def click_trivial(page) -> tuple[float, float]:
    """A click on the trivial app: (ms until its counter shows the rerun and the script is
    done, ms until the page is still)."""
    n = int(re.search(r"count (\d+)", page.inner_text("body")).group(1))
    page.get_by_role("button", name="go").click()
    shown = page.wait_for_function(COUNT_SHOWS, arg=n + 1, polling=5).json_value()
    still = page.wait_for_function(STILL, arg=QUIET, polling=20).json_value()
    wait_idle(page)
    return shown, max(shown, still)


def bench_browser(clicks: int, trivial: str) -> tuple[str, dict]:
    """The trivial app and the step view (Step, and Iterate on a page of its own) in one
    headless Chromium, clicked in turn (two warm-up clicks each); each click timed until its
    result is shown and until the page is still."""
    from playwright.sync_api import sync_playwright

    if chromium_path() is None:
        return "(skipped: no Chromium found; set CHROMIUM)", {}
    procs = []
    try:
        (app_proc, app_url), (triv_proc, triv_url) = serve(str(APP)), serve(trivial)
        procs = [app_proc, triv_proc]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            pages = {"trivial": (open_page(browser, triv_url), click_trivial),
                     "step": (open_page(browser, app_url), partial(click_app, button="Step")),
                     "iterate": (open_page(browser, app_url),
                                 partial(click_app, button="Iterate")),
                     "net step": (open_page(browser, f"{app_url}/?{NET_LINK}"),
                                  partial(click_app, button="Step")),
                     "net iterate": (open_page(browser, f"{app_url}/?{NET_LINK}"),
                                     partial(click_app, button="Iterate"))}
            for name in ("step", "iterate", "net step", "net iterate"):
                pages[name][0].wait_for_selector("[data-testid='stPlotlyChart'] svg")
            times: dict[str, list[tuple[float, float]]] = {name: [] for name in pages}
            for i in range(clicks + 2):
                for name, (page, click) in pages.items():
                    page.bring_to_front()
                    ms = click(page)
                    if i >= 2:
                        times[name].append(ms)
            version = browser.version
            browser.close()
    finally:
        for proc in procs:
            stop(proc)
    med = {name: (statistics.median(t[0] for t in v), statistics.median(t[1] for t in v))
           for name, v in times.items()}
    (b, b_still) = med["trivial"]
    rows = [["trivial app: button", f"{b:.0f}", "1.00", f"{b_still:.0f}", "1.00"]]
    for name, label in (("step", "Backprop Lab: Step"), ("iterate", "Backprop Lab: Iterate"),
                        ("net step", "network page (Mazur's 2-2-2): Step"),
                        ("net iterate", "network page (Mazur's 2-2-2): Iterate")):
        a, a_still = med[name]
        rows.append([label, f"{a:.0f}", f"{a / b:.2f}", f"{a_still:.0f}",
                     f"{a_still / b_still:.2f}"])
    head = [f"click in headless Chromium (median of {clicks})", "shown, ms", "× trivial",
            "still, ms", "× trivial"]
    return table(head, rows), dict(trivial=b, step=med["step"][0], iterate=med["iterate"][0],
                                   trivial_still=b_still, step_still=med["step"][1],
                                   iterate_still=med["iterate"][1], chromium=version,
                                   net_step=med["net step"][0],
                                   net_step_still=med["net step"][1],
                                   net_iterate=med["net iterate"][0],
                                   net_iterate_still=med["net iterate"][1])


# -- 4b. the training page: switching its tabs after a large run ------------------------------

TAB_SHOWN = """() => {
    const panel = [...document.querySelectorAll("[role='tabpanel']")].find(
        p => !p.hidden && p.offsetParent !== null);
    const svg = panel && panel.querySelector("[data-testid='stPlotlyChart'] .main-svg");
    const app = document.querySelector("[data-testid='stApp']");
    const ok = svg && svg.getBoundingClientRect().width > 100
        && app.getAttribute('data-test-script-state') === 'notRunning';
    return ok ? performance.now() - window.__t0 : 0;
}"""
TRAINING_TABS = ["Graph over time", "Loss landscape", "Decision boundary", "Activation lens",
                 "Weights over time"]


def bench_tabs(rounds: int = 3) -> tuple[str, dict]:
    """Blobs, SGD, 1,000 epochs on the training page; then each tab clicked in turn, timed in
    the page from the click until the tab's figure is shown and the script is idle."""
    from playwright.sync_api import sync_playwright

    if chromium_path() is None:
        return "(skipped: no Chromium found; set CHROMIUM)", {}
    proc, url = serve(str(APP))
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = open_page(browser, url)
            page.get_by_text("Training", exact=True).first.click()
            wait_idle(page)
            for label, option in (("Data", "Blobs, separable"), ("Batch", "SGD (one sample)")):
                page.locator("[data-testid='stSelectbox']").filter(has_text=label).first.click()
                page.get_by_role("option", name=option, exact=True).click()
                wait_idle(page)
            epochs = page.get_by_label("Epochs (at most 5,000)", exact=True)
            epochs.fill("1000")
            epochs.press("Enter")
            wait_idle(page)
            page.get_by_role("button", name="Train").click()
            page.wait_for_selector("[data-testid='stMetric']", timeout=120_000)
            wait_idle(page)
            times: dict[str, list[float]] = {t: [] for t in TRAINING_TABS}
            for _ in range(rounds):
                for tab in TRAINING_TABS:
                    page.get_by_role("tab", name=tab).click()
                    times[tab].append(page.wait_for_function(TAB_SHOWN, polling=5).json_value())
                    wait_idle(page)
            browser.close()
    finally:
        stop(proc)
    rows = [[t, f"{v[0]:.0f}", f"{statistics.median(v):.0f}"] for t, v in times.items()]
    head = ["tab clicked (blobs, SGD, 1,000 epochs)", "first, ms", f"median of {rounds}, ms"]
    return table(head, rows), {t: statistics.median(v) for t, v in times.items()}


# -- 4c. the browser's profile of a Step click ----------------------------------------------


def bench_profile(clicks: int) -> tuple[str, dict]:
    """Chrome's performance trace of Step clicks (bench/profile_browser.py)."""
    import profile_browser

    if chromium_path() is None:
        return "(skipped: no Chromium found; set CHROMIUM)", {}
    proc, url = serve(str(APP))
    try:
        results = profile_browser.profile(url, clicks, None)
    finally:
        stop(proc)
    return profile_browser.report(results), {}


COMPLETE = """() => {
    const app = document.querySelector("[data-testid='stApp']");
    const step = [...document.querySelectorAll('button')].find(
        b => b.innerText.includes('Step') && !b.disabled);
    return app && app.getAttribute('data-test-script-state') === 'notRunning' && step
        && document.querySelector("[data-testid='stPlotlyChart'] .main-svg .shapelayer path")
        && document.querySelector('.katex');
}"""


def bench_cold(rounds: int = 3) -> tuple[str, dict]:
    """From ``streamlit run`` until the server answers, and from a first page load until the
    page is complete (graph and equations drawn, Step enabled): a fresh server each round."""
    from playwright.sync_api import sync_playwright

    if chromium_path() is None:
        return "(skipped: no Chromium found; set CHROMIUM)", {}
    server, page_ms, again_ms = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for _ in range(rounds):
            t0 = time.perf_counter()
            proc, url = serve(str(APP))
            server.append((time.perf_counter() - t0) * 1e3)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            try:  # the first session (the browser's cache empty), then a second (cached)
                for times in (page_ms, again_ms):
                    page = context.new_page()
                    page.goto(url, wait_until="commit")
                    page.wait_for_function(COMPLETE, polling=10, timeout=60_000)
                    times.append(page.evaluate("() => performance.now()"))
                    page.close()
            finally:
                context.close()
                stop(proc)
        browser.close()
    med = statistics.median
    rows = [["`streamlit run` until /_stcore/health answers", f"{med(server):.0f}"],
            ["first page load on a fresh server, the browser's cache empty, until complete "
             "(graph, equations, Step)", f"{med(page_ms):.0f}"],
            ["a second session (a reload: the browser's cache full) until complete",
             f"{med(again_ms):.0f}"]]
    head = [f"cold start (median of {rounds} fresh servers)", "ms"]
    return table(head, rows), dict(server=med(server), first=med(page_ms), again=med(again_ms))


def bench_ladder(clicks: int) -> tuple[str, dict]:
    """What each part of a Step click costs in the browser (bench/ladder.py)."""
    import ladder

    if chromium_path() is None:
        return "(skipped: no Chromium found; set CHROMIUM)", {}
    text, medians = ladder.measure(clicks)
    return text, {"medians": medians}


# -- 5. memory ------------------------------------------------------------------------------

MEMORY_RUN = """
import json, sys
import numpy as np
sys.path.insert(0, {root!r})
from neuron.activations import SIGMOID
from neuron.datasets import logic_gate
from neuron.core import neuron
from neuron.losses import BCE
from neuron.train import EPOCHS_MAX, Descent, train
if {big}:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(1000, 8)); y = (X @ rng.normal(size=8) > 0).astype(float)
    batch = "full"
else:
    g = logic_gate("and"); X, y = np.array(g.X), np.array(g.y); batch = "sgd"
def status(key):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(key + ":"))
before = status("VmRSS")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak (VmHWM) starts again from here
h = train(neuron(np.zeros(X.shape[1]), 0.0, SIGMOID), X, y, BCE, Descent(0.5, EPOCHS_MAX, batch))
peak = status("VmHWM")
nbytes = sum(a.nbytes for a in (h.w, h.b, h.loss, h.dL_dw, h.dL_db))
print(json.dumps(dict(before=before, peak=peak, nbytes=nbytes, rows=h.w.shape[0])))
"""


def bench_memory() -> tuple[str, dict]:
    """Peak RSS of a run at the cap, each in a fresh Python (VmHWM of /proc/self/status)."""
    import json

    runs = [(f"AND gate, SGD, {EPOCHS_MAX:,} epochs ({4 * EPOCHS_MAX:,} updates)", False),
            (f"m=1,000, n=8, full batch, {EPOCHS_MAX:,} epochs", True)]
    rows, res = [], {}
    for name, big in runs:
        out = subprocess.run([sys.executable, "-c", MEMORY_RUN.format(root=str(ROOT), big=big)],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        res[name] = r
        rows.append([name, f"{r['rows']:,}", f"{r['nbytes'] / 1e3:.0f}",
                     f"{r['before'] / 1024:.1f}", f"{r['peak'] / 1024:.1f}",
                     f"{(r['peak'] - r['before']) / 1024:.1f}"])
    head = ["run at the cap (sigmoid + cross-entropy)", "history rows", "History arrays (KB)",
            "RSS before (MB)", "peak RSS (MB)", "peak rise (MB)"]
    return table(head, rows), res


# -- the report -----------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return [f"CPU: {cpu}, {os.cpu_count()} cores ({platform.machine()}, "
            f"{platform.system()} {platform.release()})"]


def versions(chromium: str | None) -> str:
    import plotly
    import streamlit

    parts = [f"Python {platform.python_version()}", f"NumPy {np.__version__}",
             f"Streamlit {streamlit.__version__}", f"Plotly {plotly.__version__}",
             f"PyTorch {torch.__version__}" if torch is not None else f"PyTorch {NA}"]
    if chromium:
        parts.append(f"Chromium {chromium}")
    return ", ".join(parts)


def summary(res: dict) -> list[str]:
    """One line per goal of the issue: met or not, with the numbers that decide it."""
    def yes(ok: bool) -> str:
        return "**met**" if ok else "**not met**"

    core, page, pay = res["core"], res["page"], res["payload"]
    obv = [r["core"] / r["obvious"] for r in core]
    lines = [f"- Core no slower than the obvious NumPy loop at every size (m = 1 to 1,000): "
             f"{yes(max(obv) <= 1)} (core/obvious {min(obv):.1f}–{max(obv):.1f})."]
    if core[0]["torch"] is None:
        lines.append(f"- Core faster than PyTorch eager at every size: PyTorch {NA}.")
    else:
        tor = [r["core"] / r["torch"] for r in core]
        lines.append(f"- Core faster than PyTorch eager at every size: {yes(max(tor) < 1)} "
                     f"(core/torch {min(tor):.2f}–{max(tor):.2f}).")
    if res.get("cap"):
        full = [r for r in res["cap"] if r["net"] == "neuron" and r["batch"] == "full"]
        lines.append(f"- A training at the cap ({EPOCHS_MAX:,} epochs, full batch) under 0.5 s "
                     f"on every built-in dataset: {yes(max(r['s'] for r in full) < 0.5)} "
                     f"({min(r['s'] for r in full) * 1e3:.0f}–"
                     f"{max(r['s'] for r in full) * 1e3:.0f} ms; SGD in section 1b).")
    net = max(page["net_step"] / page["step"], page["net_iterate"] / page["iterate"])
    lines += [
              f"- Page: a Step or Iterate click ≤ 3× the trivial app's: "
              f"{yes(max(page['step'], page['iterate']) <= 3 * page['trivial'])} "
              f"(Step {page['step'] / page['trivial']:.1f}×, "
              f"Iterate {page['iterate'] / page['trivial']:.1f}×, the run a click in the "
              f"browser makes; a whole-script rerun, which these clicks never make, is "
              f"{page['step_whole'] / page['trivial']:.1f}× and "
              f"{page['iterate_whole'] / page['trivial']:.1f}×).",
              f"- Network page (issue 15): a Step or Iterate click costs no more than the step "
              f"view's, on the server: "
              f"{yes(net <= 1.1)} "
              f"(Step {page['net_step'] / page['step']:.2f}×, Iterate "
              f"{page['net_iterate'] / page['iterate']:.2f}× the step view's; ≤ 1.1 counts as "
              f"no more, within the noise of a median).",
              f"- Payload flat in the number of updates and < 300 KB per figure: "
              f"{yes(pay['met'])} (largest {pay['largest'] / 1e3:.0f} KB)."]
    if res.get("browser"):
        b = res["browser"]
        r = {k: b[f"{k}_still"] / b["trivial_still"] for k in ("step", "iterate")}
        lines.append(f"- Browser: a Step or Iterate click until the page is still ≤ 3× the "
                     f"trivial app's: {yes(max(r.values()) <= 3)} (Step {r['step']:.1f}×, "
                     f"Iterate {r['iterate']:.1f}×; until shown, Step "
                     f"{b['step'] / b['trivial']:.1f}×); what stands in the way: section 4c.")
        n = {k: b[f"net_{k}_still"] / b[f"{k}_still"] for k in ("step", "iterate")}
        lines.append(f"- Browser, network page: no more than the step view's, until still: "
                     f"{yes(max(n.values()) <= 1.1)} (Step {n['step']:.2f}×, Iterate "
                     f"{n['iterate']:.2f}× the step view's; "
                     f"{b['net_step_still'] / b['trivial_still']:.1f}× and "
                     f"{b['net_iterate_still'] / b['trivial_still']:.1f}× the trivial app's).")
    return lines


def markdown(parts: dict[str, str], res: dict, chromium: str | None, took: float) -> str:
    return "\n".join([
        "# Benchmarks",
        "",
        f"Written by `python bench/bench.py` (all sections in one run, {took:.0f} s), which "
        "prints the same tables. Times are medians of repeats, the compared programs taking "
        "turns; the machine was shared, so expect ±15 % between runs.",
        "",
        f"- Date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        *(f"- {line}" for line in machine()),
        f"- Versions: {versions(chromium)}",
        "",
        "## The goals",
        "",
        *summary(res),
        "",
        "## 1. Core: one training iteration",
        "",
        "Microseconds per parameter update of `neuron.train.train` (sigmoid + MSE, which "
        "records the whole history and checks for divergence every epoch) against the obvious "
        "NumPy loop (no history, no checks, the unstable 1/(1 + e^−z)) and PyTorch eager "
        "autograd (float64, `loss.backward()`, update under `no_grad`, one thread). With SGD "
        "the time is the epoch's divided by m (the core's epoch also records the full-data "
        "loss and gradient). Ratios are times: below 1 the core is faster. Goals: not slower "
        "than the obvious loop (≤ 1) and faster than PyTorch (< 1) at every size.",
        "",
        parts["core"],
        "",
        "Where the time goes: every update is `neuron.net`'s `forward`, `backward` and "
        "`update`, the functions the step view shows stage by stage (one chain rule, over "
        "layers). Against the obvious loop's 16 NumPy calls, an update makes about 40: the "
        "sigmoid evaluated without overflow (e^−|z|, 7 calls against 3) and its derivative "
        "from z again, the loss per sample summed over the outputs, a finiteness check after "
        "each product (so an overflow is the same `inf` or `nan` on every CPU), and the "
        "frozen records of each pass; NumPy costs about a microsecond per call at these sizes. "
        "A faster second copy of the maths (Python floats for small batches) was removed: it "
        "was 2–3× faster and disagreed with the lesson in the last bits. The obvious-loop goal "
        "is therefore not met, by the factor in the table; PyTorch's per-call overhead is "
        "larger still.",
        "",
        "## 1b. A training at the cap",
        "",
        f"Milliseconds for one run of {EPOCHS_MAX:,} epochs (sigmoid + cross-entropy, η = 0.5, "
        "from zero weights; the 2-4-1 network tanh then sigmoid, η = 2, seeded) on every "
        "built-in dataset. Goals: under 0.5 s for the single neuron, under 1 s for a 2-4-1 "
        "network on XOR; SGD makes m updates an epoch, so its rows are for information "
        "(`UPDATES_MAX` = 100,000 updates per run keeps the longest run at a few seconds).",
        "",
        parts.get("cap", "(not run)"),
        "",
        "## 2. Page: server-side cost of a click",
        "",
        "Milliseconds per click in `streamlit.testing.v1.AppTest` (`button(key).click().run()`"
        "), against a trivial app (one button and a counter) measured the same way, the apps "
        "taking turns click by click. Step, Iterate and the other step-view controls sit in an "
        "`st.fragment`: a click on them in the browser reruns only that fragment (no header, "
        "no sidebar). AppTest by itself reruns the whole script, so the click rows send the "
        "request the browser sends, naming the fragment (`only_fragment` in "
        "`scripts/apptest.py`). The whole-script rows are there for comparison: that is what "
        "a change in the sidebar or the header costs. Goal: a click ≤ 3× the trivial app.",
        "",
        parts["page"],
        "",
        f"What the rest is. A Step click sends {res['page']['elements']} elements; the trivial "
        f"app padded with lines of text to the same count costs "
        f"{res['page']['floor'] / res['page']['trivial']:.1f}× the trivial app: Streamlit's "
        "(and AppTest's) own work per element, whatever the element shows, is small for plain "
        "text (at 73 elements, before this page's clicks sent fewer, it was 2.1×). Widgets "
        "cost more than text (each registers its state), and a click draws eight (five "
        "buttons, the stage bar, the quiz switch, the tabs). The graph "
        f"(`neuron.graph.graph_spec` and its JSON) takes {res['page']['graph']:.1f} ms: it goes "
        "to Streamlit as JSON data (`ui.common.chart`), where a `go.Figure` cost 0.4 ms to "
        "build and 0.45 ms more for Streamlit's deep copy (measured when it was changed; "
        "Plotly's property validation, skipped, took 4 ms). The speed popover and the two "
        "expanders under the graph draw their contents only while open (they rerun the step "
        "view when opened): a click at stage 8 used to send the earlier stages' 15 "
        "equations and 8 captions with it. The values table goes to Streamlit as an Arrow "
        "table (`ui.common.table`): through pandas it cost 1.9 ms more. Script magic is off "
        "(`runner.magicEnabled`): AppTest rewrote the script's syntax tree on every run (0.7 "
        "ms). "
        f"A full `gc.collect()` with the app and Plotly loaded takes {res['page']['gc']:.0f} ms;"
        " that is why `.streamlit/config.toml` sets `runner.postScriptGC = false` (Streamlit "
        "would otherwise collect after every run, Play's ticks included; AppTest never does). "
        "Both apps run with the repo's configuration (the script changes into the repo).",
        "",
        "## 3. Payload: bytes of each figure",
        "",
        "`len(fig.to_json())` in KB of each figure sent to the browser, after training the AND "
        "gate (sigmoid + cross-entropy, lr 1). 10,000 updates are 2,500 SGD epochs of 4 "
        f"samples; the cap is `EPOCHS_MAX` = {EPOCHS_MAX:,} epochs (with SGD, "
        f"{4 * EPOCHS_MAX:,} updates). The graph figure shows one step at the final "
        "parameters. Goal: flat in the number of updates and < 300 KB each. The lines draw at "
        "most 200 rows of the history and the replays at most 100 frames, so a run of 100 "
        "updates (101 rows) is smaller; from there on the size stays put (“largest / at "
        "10,000” ≤ 1.1 counts as flat).",
        "",
        parts["payload"],
        "",
        "## 4. Browser: a Step click until the page shows it",
        "",
        "Headless Chromium (Playwright) on `streamlit run` (the repo's config), the apps "
        "taking turns click by click. *Shown*: from the click event to the first moment "
        "(polled every 5 ms in the page) the stage heading and the graph's title show the "
        "stage the click leads to (for the trivial app: its counter shows the rerun and the "
        "script is done). *Still*: to the page's last change (any element, attribute or text, "
        f"seen by a MutationObserver) once nothing has changed for {QUIET} ms. Step and "
        "Iterate are clicked on pages of their own. Each click starts from an idle page. "
        "Goal (issue 16): still ≤ 3× the trivial app's. The network page (`?page=network&"
        "example=mazur`, Step and Iterate on pages of their own) is clicked in the same turn: "
        "issue 15 asks no more than the step view's.",
        "",
        parts["browser"],
        "",
        "## 4b. Browser: switching the training page's tabs after a large run",
        "",
        "Blobs, SGD, 1,000 epochs (100,000 updates) trained in headless Chromium; then each "
        "tab clicked in turn, from the click until the tab's figure is drawn and the script is "
        "idle. Every tab's figure is sent with the run (`st.tabs` draws them all), so a switch "
        "is the browser showing a hidden panel, not a rerun.",
        "",
        parts.get("tabs", "(not measured)"),
        "",
        "## 4c. Browser: where a Step click's time goes",
        "",
        "Chrome's performance trace (the categories of the DevTools Performance panel, with "
        "V8's sampling profiler) of Step clicks from an idle page, by "
        "`bench/profile_browser.py`: the main thread's self time by kind of work, and the "
        "sampled script time by the JavaScript file its functions come from. Tracing slows "
        "the page, so the total is above section 4's; the shares are what to read. "
        "`bench/ab_browser.py A B` measures a change: two checkouts clicked in turn.",
        "",
        parts.get("profile", "(not measured)"),
        "",
        "The same click taken apart (`bench/ladder.py`): apps that draw, with the project's own "
        "code, one more part of what a Step click redraws than the one before, all served at "
        "once and clicked in turn, each until its script is idle. Every rung's click changes "
        "the stage it shows, as Step does.",
        "",
        parts.get("ladder", "(not measured)"),
        "",
        "What stands in the way of a Step click within 3× the trivial app's: each part a "
        "click redraws costs about as much as the whole trivial click. The graph is the "
        "largest: any change to a Plotly figure costs Streamlit's Plotly element a "
        "`Plotly.react` (defaults, diff, redraw, text measured with `getBoundingClientRect`), "
        "measured (once, while this was written) at 2.0–2.7× the trivial click for a one-trace "
        "figure whose title alone changes (1.4× with `theme=None`, which did not help the "
        "graph: 2.56× against 2.65×); the graph unchanged from click to click cost 1.2×. "
        "The time is spread over many small functions (no hotspot in the profile). The "
        "stage bar costs more when its key changes each stage "
        "(that keeps Play from jumping back; see ui/stepper.py), the equations less when they "
        "are one KaTeX element than several. A click that does not wait for the server at "
        "all (the iteration's nine stages sent once and revealed in the browser, in a "
        "custom component) is the change that would meet the goal; it is not made.",
        "",
        "The network page (issue 15: no more than the step view's) redraws the same kinds of "
        "part: a larger Plotly graph (Mazur's 2-2-2 has 12 edges with two labels each, against "
        "the neuron's 10), its stage bar, heading and equations. On the server it costs what "
        "the step view costs since two of its per-click costs went (section 2: Mazur's "
        "published comparison, 4 ms, is computed once; the three worked-example downloads, "
        "2 ms, are written when clicked). In the browser its click is shown a little later "
        "than the step view's (the larger graph's `Plotly.react`) and, in the run written "
        "here, still sooner (the step view has more below its graph that settles after the "
        "heading, the values table among it); both stay where section 4c says, for the same "
        "reason.",
        "",
        "## 4d. Cold start",
        "",
        "A fresh `streamlit run` (the repo's config) each round: the time until its health "
        "check answers, then, in headless Chromium, from the navigation's start until the page "
        "is complete (the graph's boxes drawn, an equation rendered, Step enabled, the script "
        "idle), for the server's first session with the browser's cache empty, and for a "
        "second session in the same browser (a reload). The first pays for the browser "
        "fetching and compiling Streamlit's scripts (Plotly's alone is 4.7 MB) and for the "
        "server importing NumPy, Plotly and the app's modules (Streamlit itself is imported "
        "before the health check answers). Marked in the page on a reload (once, while this "
        "was written, on a busy machine): the heading shown at 0.95 s, the first equation at "
        "1.2 s, the graph's element at 2.2 s and the graph drawn at 2.3 s. Streamlit fetches "
        "its Plotly chunk only when a page first shows a chart, and compiling it takes about "
        "1.1 s even from the cache: that, not the server, is most of the wait, and no lazy "
        "import in the app would shorten it.",
        "",
        parts.get("cold", "(not measured)"),
        "",
        "## 5. Memory at the cap",
        "",
        "Resident memory of a fresh Python that imports the core and runs one training at the "
        "cap: before the run, and the peak during it (`VmHWM` of `/proc/self/status`, reset "
        "after the imports). The History keeps its parameters, gradients and losses as "
        "float64 arrays of `epochs + 1` rows, preallocated before the run.",
        "",
        parts["memory"],
        "",
    ])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repeats and clicks")
    ap.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    ap.add_argument("--only", default="", help="comma-separated: core,cap,page,payload,browser,"
                    "tabs,profile,ladder,cold,memory (then nothing is written)")
    a = ap.parse_args()
    repeats, clicks, b_clicks = (3, 15, 6) if a.quick else (REPEATS, 60, 20)
    started = time.perf_counter()
    os.chdir(ROOT)  # AppTest, like `streamlit run`, reads .streamlit/config.toml from here
    with tempfile.TemporaryDirectory() as tmp:
        trivial = str(Path(tmp) / "trivial_app.py")
        Path(trivial).write_text(TRIVIAL_APP)
        sections = {
            "core": lambda: bench_core(repeats),
            "cap": lambda: bench_cap(repeats),
            "page": lambda: bench_page(clicks, trivial),
            "payload": bench_payload,
            "browser": lambda: bench_browser(b_clicks, trivial),
            "tabs": bench_tabs,
            "profile": lambda: bench_profile(max(5, b_clicks // 2)),
            "ladder": lambda: bench_ladder(b_clicks),
            "cold": bench_cold,
            "memory": bench_memory,
        }
        only = [s for s in a.only.split(",") if s] or list(sections)
        parts, res = {}, {}
        for name in only:
            print(f"\n## {name}\n", flush=True)
            parts[name], res[name] = sections[name]()
            print(parts[name], flush=True)
    took = time.perf_counter() - started
    chromium = res.get("browser", {}).get("chromium")
    print("\n" + "\n".join(machine()) + "\n" + versions(chromium))
    if not a.only and not a.no_write:
        DOC.write_text(markdown(parts, res, chromium, took))
        print(f"\nwrote {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
