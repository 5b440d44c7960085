"""What each part of the step view costs in the browser: a ladder of apps, clicked in turn.

Rung 0 is the trivial app (a button and a counter). Each next rung adds one part of what a
Step click redraws, built by the project's own code: the controls (five buttons, the stage bar,
the quiz switch, the heading), the computation graph, the stage's equations, the values table
in its tab. Every rung's click changes the stage shown (stage = clicks mod 9), as Step does.
All rungs are served at once and clicked in turn in one headless Chromium (so the machine's
load hits them alike), each timed in the page from the click until its counter shows the new
count and the script is idle. The difference between two rungs is what the added part costs.

    python bench/ladder.py --clicks 20
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench import MARK_CLICK, click_trivial_ms, table  # noqa: E402
from scripts.browser import CHROMIUM_ARGS, chromium_path, serve, stop, wait_idle  # noqa: E402

HEAD = textwrap.dedent("""\
    import sys
    sys.path.insert(0, {root!r})
    import streamlit as st
    from neuron.config import DEFAULT
    from neuron.equations import stage_equations
    from neuron.graph import MIN_WIDTH, graph_spec, graph_table
    from neuron.stages import LAST, STAGES
    from ui.common import chart, table
    S = st.session_state
    n = S["n"] = S.get("n", 0) + 1
    k = n % (LAST + 1)
    step = DEFAULT.step()
    act, loss = DEFAULT.act, DEFAULT.loss_fn
""")
BUTTON = 'st.button("go", key="b")\nst.write(f"count {n}")\n'
CONTROLS = textwrap.dedent("""\
    row = st.container(horizontal=True, vertical_alignment="bottom")
    for label in ("Back", "Step", "Iterate", "Play", "Reset"):
        row.button(label, key="btn_" + label, width="stretch")
    S[f"nav{k}"] = k
    st.segmented_control("Stage", list(range(LAST + 1)), key=f"nav{k}",
                         format_func=lambda i: f"{i} · {STAGES[i].short}",
                         label_visibility="collapsed", width="stretch")
    head = st.container(horizontal=True, horizontal_alignment="distribute")
    head.markdown(f"#### Iteration 1 · Stage {k} of {LAST}: {STAGES[k].title}")
    head.toggle("Quiz mode", key="quiz")
    st.markdown("**Phase.** One line that explains the stage.")
""")
GRAPH = 'chart(graph_spec(step, k), "graph")\n'
EQUATIONS = "for line in stage_equations(step, act, loss, k):\n    st.latex(line)\n"
TABLE = textwrap.dedent("""\
    tabs = st.tabs(["Values (table)", "Gradient check", "Export & share"], key="tab",
                   on_change="rerun")
    with tabs[0]:
        table([{kk: v for kk, v in r.items() if kk != "current"}
               for r in graph_table(step, k)], room=MIN_WIDTH - 4)
""")
RUNGS = [
    ("trivial app: a button and a counter", ""),
    ("+ controls: five buttons, the stage bar, heading, quiz switch", CONTROLS),
    ("+ the computation graph", CONTROLS + GRAPH),
    ("+ the stage's equations", CONTROLS + GRAPH + EQUATIONS),
    ("+ the values table in its tab (as a Step click draws)", CONTROLS + GRAPH + EQUATIONS
     + TABLE),
]


def measure(clicks: int) -> tuple[str, list[float]]:
    """Every rung served at once and clicked in turn; the table and each rung's median."""
    from playwright.sync_api import sync_playwright

    procs, pages = [], []
    times: list[list[float]] = [[] for _ in RUNGS]
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for i, (_, body) in enumerate(RUNGS):
                script = Path(tmp) / f"rung{i}.py"
                script.write_text(HEAD.format(root=str(ROOT)) + BUTTON + body)
                procs.append(serve(script))
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium_path(),
                                            args=CHROMIUM_ARGS)
                for _, url in procs:
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    page.goto(url)
                    wait_idle(page)
                    page.evaluate(MARK_CLICK)
                    pages.append(page)
                for c in range(clicks + 2):
                    for i, page in enumerate(pages):
                        page.bring_to_front()
                        ms = click_trivial_ms(page)
                        if c >= 2:
                            times[i].append(ms)
                browser.close()
        finally:
            for proc, _ in procs:
                stop(proc)
    medians = [statistics.median(t) for t in times]
    rows, before = [], 0.0
    for (label, _), m in zip(RUNGS, medians, strict=True):
        rows.append([label, f"{m:.0f}", f"{m - before:+.0f}" if before else "",
                     f"{m / medians[0]:.2f}"])
        before = m
    head = [f"click until the script is idle (median of {clicks})", "ms", "added", "× trivial"]
    return table(head, rows), medians


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clicks", type=int, default=20)
    print(measure(ap.parse_args().clicks)[0])


if __name__ == "__main__":
    main()
