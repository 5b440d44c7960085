"""The session's state and the callbacks that change it.

One user's walk-through lives in ``st.session_state`` (never in module globals):

* ``cfg``: the last good :class:`neuron.config.Config` (inputs, initial parameters, η, ...).
* ``trail``: the parameters (w, b) at the start of every iteration walked so far; the current
  iteration is ``len(trail) - 1``. Back across an iteration pops it, so it restores exactly.
* ``stage``: 0 … LAST within the current iteration.
* ``playing`` / ``speed``: the automatic stepping.

Callbacks run before the script (``on_click``), so the page never lags a click.
"""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np
import streamlit as st

from neuron import netquiz, quiz, trainlink
from neuron.config import VALUE_MAX, Config, Reached
from neuron.core import Step
from neuron.examples import example_of, preset_name
from neuron.fmt import num, subscript
from neuron.netstages import stages as net_stages
from neuron.network import (
    EXAMPLES,
    NetSetup,
    check_sizes,
    link,
    parse_json_list,
    parse_link,
    xavier,
)
from neuron.stages import LAST
from neuron.urlstate import IT_MAX, START, View, encode, parse, parse_setup

from .common import SIZE_STEPS

S = st.session_state
NET_EXAMPLE = "mazur"  # what the network page opens with
PAGE_NAMES = ("step", "train", "network")  # the pages a link can open (?page=)


def init() -> None:
    """First run of a session: read the link's query parameters, once."""
    if "cfg" in S:
        return
    params = st.query_params.to_dict()
    page = params.pop("page", "step")
    warnings: list[str] = []
    S.check_link = True  # see check_dropped_link
    S.presenter = False
    S.fig_scale = 1.25  # presenter mode's figure size
    S.playing, S.speed, S.play_by = False, 1.0, "stages"
    if page == "train":  # the link is the training page's; the step view starts afresh
        settings, warnings = trainlink.parse(params)
        train_start(settings)
        params = {}
    if page == "network":  # the link is the network page's; the step view starts afresh
        setup, example, it, stage, warnings = parse_link(params)
        net_start(setup, example)
        while len(S.net_trail) < it and _net_advance():
            pass
        S.net_stage = stage
        params = {}
    cfg, view, step_warnings = parse(params)
    S.url_warnings = ([] if page in PAGE_NAMES else
                      [f"page: {str(page)[:30]!r} is not one of {', '.join(PAGE_NAMES)}"])
    S.url_warnings += warnings if page in ("network", "train") else step_warnings
    S.page = page if page in PAGE_NAMES else "step"
    start(cfg, view)


try:  # Streamlit hands the script no query at all beyond these limits
    from streamlit.runtime.state.query_params import (
        CLIENT_STATE_QUERY_STRING_MAX_FIELDS as QUERY_MAX_FIELDS,
    )
    from streamlit.runtime.state.query_params import (
        CLIENT_STATE_QUERY_STRING_MAX_LENGTH as QUERY_MAX_CHARS,
    )
except ImportError:  # (their values in Streamlit 1.67)
    QUERY_MAX_FIELDS, QUERY_MAX_CHARS = 1000, 512 * 1024

# Reads the address the page was opened with (the navigation entry: the address bar is
# rewritten by then) and reports it only when Streamlit dropped its query.
_LINK_CHECK_JS = """
export default function (component) {
  const nav = performance.getEntriesByType("navigation")[0];
  const query = new URL(nav ? nav.name : window.location.href).search.replace(/^\\?/, "");
  const fields = query ? query.split("&").length : 0;
  if (fields > component.data.fields || query.length > component.data.chars) {
    component.setTriggerValue("dropped", [fields, query.length]);
  }
}
"""
_link_check = None


def _on_dropped() -> None:
    fields, chars = (S.get("link_check") or {}).get("dropped") or (0, 0)
    why = (f"{fields:,} parameters, more than the {QUERY_MAX_FIELDS:,} the page reads"
           if fields > QUERY_MAX_FIELDS else
           f"{chars:,} characters, more than the {QUERY_MAX_CHARS:,} the page reads")
    S.url_warnings = [f"the link has {why}, so none of it was used: this is the default "
                      "setup"]


def check_dropped_link() -> None:
    """On a session's first run, find out whether the link was dropped whole.

    Streamlit gives the script no query parameters at all when the link has more than
    QUERY_MAX_FIELDS of them, or more than QUERY_MAX_CHARS characters; the page then opened
    on the default setup without a word. A small component reads the address in the
    browser and, only then, reruns the page with a warning (no rerun otherwise).
    """
    global _link_check
    if not S.pop("check_link", False):
        return
    if _link_check is None:
        _link_check = st.components.v2.component("link_check", js=_LINK_CHECK_JS)
    _link_check(key="link_check", data={"fields": QUERY_MAX_FIELDS, "chars": QUERY_MAX_CHARS},
                on_dropped_change=_on_dropped, height=0)


# Reports the main area's width, once a resize has settled, as the largest of the widths at
# which the graphs' size changes (ui.common.SIZE_STEPS) that it reaches: Streamlit tells the
# script nothing of the window, and this reruns the page only when the graphs' size changes.
_WIDTH_JS = """
export default function (component) {
  const { setStateValue, data } = component;
  const main = document.querySelector("[data-testid='stMainBlockContainer']");
  if (!main) return;
  let sent = data.width, timer = null;
  const measure = () => {
    const cs = getComputedStyle(main);
    const w = main.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const reached = Math.max(0, ...data.steps.filter(s => w >= s));
    if (w > 0 && reached !== (sent || 0)) { sent = reached; setStateValue("width", reached); }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(measure, 250); };
  const watch = new ResizeObserver(later);
  watch.observe(main);
  measure();
  return () => { watch.disconnect(); clearTimeout(timer); };
}
"""
_width_probe = None


def page_width() -> float | None:
    """The largest of SIZE_STEPS the main area's width reaches, as the browser last said
    (0: none of them; None: not said yet)."""
    return (S.get("page_width") or {}).get("width")


def watch_width() -> None:
    """Draw the (invisible) probe that reports the main area's width (the step view's graph
    grows with it; the other pages do not draw it, so a page switch reruns nothing)."""
    global _width_probe  # the component's definition, the same for every session
    if _width_probe is None:
        _width_probe = st.components.v2.component("page_width", js=_WIDTH_JS)
    _width_probe(key="page_width", data={"width": page_width(), "steps": SIZE_STEPS},
                 on_width_change=lambda: None, height=0)


def start(cfg: Config, view: View = START) -> None:
    """Make ``cfg`` the configuration and walk to ``view`` (iteration, stage)."""
    S.cfg = cfg
    archive_quiz()
    S.trail = [(tuple(cfg.w), cfg.b)]
    for _ in range(view.it):
        _advance()
    S.stage = view.stage
    S.playing = False
    sync_inputs(cfg)


def sync_inputs(cfg: Config) -> None:
    """Put ``cfg`` into the sidebar's widgets (only from a callback or before they draw).

    Each xᵢ and wᵢ is also kept in ``spare_inputs`` (plain state, which Streamlit keeps when
    the field is not drawn): fewer inputs and back again bring them back as they were.
    """
    S.in_n = cfg.n
    spare = S.setdefault("spare_inputs", {})
    for i in range(cfg.n):
        S[f"in_x{i}"], S[f"in_w{i}"] = spare[i] = cfg.x[i], cfg.w[i]
    S.in_b, S.in_y, S.in_lr = cfg.b, cfg.y, cfg.lr
    S.in_act, S.in_loss, S.in_bias = cfg.activation, cfg.loss, cfg.update_bias
    S.in_preset = preset_name(cfg)
    S.input_errors = {}


# -- the sidebar's fields (ui/inputs): what was typed, what is refused, the example box --------


def typed_setup() -> Config:
    """A Config of what the sidebar's fields hold (unchecked: Config.validated says)."""
    n, cfg = int(S.in_n), S.cfg
    xs = tuple(float(S.get(f"in_x{i}", 1.0)) for i in range(n))
    ws = tuple(float(S.get(f"in_w{i}", 0.1)) for i in range(n))
    return Config(x=xs, w=ws, b=float(S.in_b), y=float(S.in_y), lr=float(S.in_lr),
                  activation=S.in_act, loss=S.in_loss if S.in_loss else cfg.loss,
                  update_bias=bool(S.get("in_bias", cfg.update_bias)))


def empty_field(keys) -> str | None:
    """The first of the fields ``keys`` that arrived empty (None), if any."""
    return next((k for k in keys if k in S and S[k] is None), None)


def refuse_input(field: str, message: str) -> None:
    """Keep the setup in use: its values go back into the fields, the message beside
    ``field``."""
    sync_inputs(S.cfg)
    S.input_errors = {field: message}


def input_error(field: str) -> str | None:
    return S.get("input_errors", {}).get(field)


def chosen_example() -> str:
    return S.get("in_preset", "")


def name_example() -> None:
    """The example box names the setup in use (an example's title, or "Custom setup")."""
    S.in_preset = preset_name(S.cfg)


def chosen_n():
    return S.in_n


def grow_inputs(n: int) -> None:
    """From the setup's n inputs to ``n``: the new fields hold what they held before (kept
    for the session), else x = 1 and w = 0.1."""
    spare = S.get("spare_inputs", {})
    for i in range(S.cfg.n, int(n)):
        S[f"in_x{i}"], S[f"in_w{i}"] = spare.get(i, (1.0, 0.1))


def sidebar_start() -> None:
    """The sidebar's fields hold the setup (they are dropped while the sidebar is hidden)."""
    if "in_n" not in S or "in_preset" not in S:
        sync_inputs(S.cfg)


def published_example():
    """The example of the literature whose setup is in use (its printed numbers are for
    iteration 1), or None: a setup of this project's own, or a custom one."""
    ex = example_of(S.cfg)
    return ex if ex is not None and ex.published else None


def current_config(back: int = 0) -> Reached:
    """The configuration of the current iteration (or of the one ``back`` iterations
    before): the setup with that iteration's computed w and b, which may be beyond what can
    be typed (see :class:`neuron.config.Reached`)."""
    w, b = S.trail[-1 - back]
    cfg: Config = S.cfg
    return Reached(x=cfg.x, w=w, b=b, y=cfg.y, lr=cfg.lr, activation=cfg.activation,
                   loss=cfg.loss, update_bias=cfg.update_bias)


def _names(keys) -> str:
    names = [subscript(k) for k in keys]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def divergence_note() -> str | None:
    """What the page says when gradient descent has taken w or b past what can be typed
    (±VALUE_MAX) or past float64: the values are shown as computed, nothing is refused."""
    cfg = current_config()
    beyond = cfg.beyond_typing()
    if not beyond:
        return None
    broken = [k for k, v in beyond.items() if not math.isfinite(v)]
    large = [k for k in beyond if k not in broken]
    said = []
    if large:
        said.append(f"{_names(large)} {'is' if len(large) == 1 else 'are'} beyond "
                    f"±{VALUE_MAX:,.0f}, the largest value that can be typed")
    if broken:
        said.append(f"{_names(broken)} went past the largest number float64 holds (shown "
                    "as overflow, then undefined once the arithmetic gives no number)")
    loss = float(cfg.step().forward.loss)
    before = float(current_config(1).step().forward.loss) if len(S.trail) > 1 else loss
    grows = bool(broken) or not math.isfinite(loss) or loss > before
    head = (f"**Gradient descent has diverged** (η = {cfg.lr:g} is too large for this "
            "setup: each step overshoots, and the loss grows from one iteration to the "
            "next): " if grows else "**The weights have grown large:** ")
    return (head + "; ".join(said) + ". The values are shown as computed, and the exports "
            "and the share link still work: the link holds the setup and this iteration, "
            "and reopens it by computing it again."
            + (" Lower η and press Reset (0) to see the descent converge." if grows else ""))


GROWS = 3  # iterations in a row of a growing loss before the step view says so


def loss_trend_note() -> str | None:
    """One line when the loss has grown for GROWS iterations in a row: η overshoots.

    The losses are those of the iterations walked (the trail), computed by the one chain rule
    (``Reached.step``). A loss that stops being finite is divergence_note's to say.
    """
    if len(S.trail) <= GROWS:
        return None
    losses = [float(current_config(back).step().forward.loss) for back in range(GROWS, -1, -1)]
    if not all(b > a for a, b in zip(losses, losses[1:], strict=False)):
        return None
    return (f"**The loss has grown for {GROWS} iterations in a row** ({num(losses[0])} → "
            f"{num(losses[-1])}): η = {S.cfg.lr:g} overshoots. To see it converge, lower η "
            "and press Reset (0).")


def current_step() -> Step:
    """Forward, backward and update of the current iteration."""
    return current_config().step()


def unanswered(step: Step | None = None) -> quiz.Question | None:
    """In quiz mode, this stage's question while it waits for its answer; else None."""
    if not S.get("quiz"):
        return None
    q = quiz.question(step if step is not None else current_step(), S.stage)
    done = S.get("quiz_log", {}).get((iteration(), S.stage), {}).get("done")
    return q if q is not None and q.asked and not done else None


# -- what the step view's modules (ui/stepper, ui/teach, ui/inputs) read and do ---------------


def stage() -> int:
    return S.stage


def setup() -> Config:
    """The step view's setup: where iteration 1 starts."""
    return S.cfg


def playing() -> bool:
    return bool(S.get("playing"))


def speed() -> tuple[float, str]:
    """Play's speed and what it steps by ("stages" or "iterations")."""
    return S.speed, S.play_by


def show_speed_pickers() -> None:
    """The speed popover's widgets show the speed in use (Streamlit drops their state on a
    run that does not draw them, the popover being closed)."""
    S.pick_play_by, S.pick_speed = S.play_by, S.speed


def nav_key() -> str:
    """The stage bar's widget key, showing the current stage. A new key each stage keeps Play
    from jumping back: a browser that has not drawn the last tick sends an old value."""
    key = f"nav{S.stage}"
    S[key] = S.stage
    return key


def step_page_start() -> None:
    """Before the step view draws: quiz mode off unless set (Streamlit drops a widget's
    state on a run that does not draw it: the training page)."""
    S.setdefault("quiz", False)


def take_full_rerun() -> bool:
    """Whether something outside the step view's fragment must be drawn again (a restored
    setup file: the sidebar); asked once."""
    return bool(S.pop("full_rerun", False))


def take_notice() -> str | None:
    return S.pop("notice", None)


def quiz_slot() -> tuple[int, int]:
    """The question's place: (iteration, stage)."""
    return iteration(), S.stage


def quiz_entry() -> dict:
    """This question's record: tries, last answer, done, right."""
    return S.get("quiz_log", {}).get(quiz_slot(), {})


def quiz_check(value: float, before: float | None = None) -> None:
    """Check the answer field against ``value`` (see neuron.quiz.is_right): right ends the
    question, so does a second wrong answer (the page then reveals the value)."""
    slot = quiz_slot()
    answer = S.get(f"quiz_answer_{slot}")
    if answer is None:  # "Check" on an empty field: not a try, but a word beside it
        S.quiz_empty = slot
        return
    entry = S.setdefault("quiz_log", {}).setdefault(slot, {"tries": 0, "done": False,
                                                           "right": False})
    if entry["done"]:
        return
    entry["tries"] += 1
    entry["last"] = float(answer)
    if quiz.is_right(answer, value, before):
        entry.update(done=True, right=True)
    elif entry["tries"] >= quiz.TRIES_BEFORE_REVEAL:
        entry["done"] = True


def quiz_reveal() -> None:
    S.setdefault("quiz_log", {}).setdefault(quiz_slot(), {"tries": 0, "right": False})[
        "done"] = True


def quiz_score() -> tuple[int, int]:
    """(right, asked) over the session's answered questions."""
    done = [e for e in S.get("quiz_log", {}).values() if e.get("done")]
    right, asked = S.get("quiz_archive", (0, 0))
    return right + sum(e["right"] for e in done), asked + len(done)


def take_quiz_empty() -> bool:
    """Whether Check was just pressed on an empty field of this question; asked once."""
    return S.pop("quiz_empty", None) == quiz_slot()


def restore_setup() -> None:
    """The setup file uploaded under Export & share: start from it, or say why not."""
    up = S.get("setup_upload")
    if up is None:
        return
    try:
        cfg, at, warnings = parse_setup(up.getvalue())
    except ValueError as e:
        S.setup_error = f"Could not read the setup: {e}"
        return
    start(cfg, at)
    S.setup_error = "; ".join(warnings) or None
    S.full_rerun = True  # the sidebar, outside this fragment, must show the new setup


def setup_error() -> str | None:
    return S.get("setup_error")


def iteration() -> int:
    return len(S.trail) - 1


def _advance() -> bool:
    """Start the next iteration from this one's updated parameters (False at the cap)."""
    if iteration() >= IT_MAX:
        S.notice = (f"The step view stops at iteration {IT_MAX + 1:,}: press Reset (0) to "
                    "start again, or train on the training page.")
        return False
    u = current_step().update
    S.trail.append((tuple(float(v) for v in u.w), u.b))
    return True


def on_step() -> None:
    if S.stage < LAST:
        S.stage += 1
    elif _advance():
        S.stage = 0


def on_back() -> None:
    S.playing = False
    if S.stage > 0:
        S.stage -= 1
    elif len(S.trail) > 1:
        S.trail.pop()
        S.stage = LAST


def on_iterate() -> None:
    if S.stage == LAST and not _advance():
        return
    S.stage = LAST


def archive_quiz() -> None:
    """A new setup or a reset asks the questions afresh; the session's score is kept."""
    S.quiz_archive = quiz_score()
    S.quiz_log = {}


def on_reset() -> None:
    archive_quiz()
    S.playing = False
    S.trail = [S.trail[0]]
    S.stage = 0


def timer() -> float | None:
    """Seconds between two ticks of Play, or None when it is not playing."""
    return 1.0 / float(S.speed) if S.playing else None


def on_play() -> None:
    S.playing = not S.playing
    S.last_tick = -math.inf  # the first tick comes at once


def on_page() -> None:
    """Clicking the selected page again would deselect it: keep the page instead."""
    if S.get("page") is None:
        S.page = S.get("last_page", "step")
    S.last_page = S.page
    S.playing = False


def on_nav(key: str, shown: int) -> None:
    """The stage indicator (widget ``key``, drawn showing stage ``shown``) was clicked: jump
    to that stage of this iteration.

    A browser that has not yet drawn the latest tick sends the old widget's value back, and
    Streamlit reports it as a change; but a click can only select another stage (clicking
    the selected one deselects it), so the value ``shown`` itself is never a click.
    """
    value = S.get(key)
    if value is None or value == shown:
        return
    S.stage = int(value)
    if S.playing:
        S.playing = False
        S.notice = f"Play paused at stage {S.stage}: press Play (P) to go on from here."


def on_play_by() -> None:
    # Clicking the selected option again deselects it: that keeps the choice.
    S.play_by = S.get("pick_play_by") or S.play_by
    S.speed_open = True  # the popover's label changes with it, which would close it


def on_speed() -> None:
    S.speed = S.pick_speed
    S.speed_open = True


TICK_EARLY = 0.8  # a rerun sooner than this × the interval after a tick is not the timer's


def tick(interval: float) -> None:
    """One tick of Play (a stage, or a whole iteration), if one is due; it stops at the cap.

    The step view also reruns while playing when a panel, the quiz switch or the speed is
    clicked; only a rerun most of an interval after the last tick is the timer's (these
    clicks used to move the lesson on by a stage each).
    """
    now = time.monotonic()
    if now - S.get("last_tick", -math.inf) < TICK_EARLY * interval:
        return
    S.last_tick = now
    before = (iteration(), S.stage)
    if S.play_by == "iterations":
        on_iterate()
    else:
        on_step()
    if (iteration(), S.stage) == before:
        S.playing = False
    elif unanswered() is not None:  # quiz mode: wait for the student's answer
        S.playing = False
        S.notice = ("Play stops at each question: answer it, then press Play (P) or Step (→) "
                    "to go on.")


def view() -> View:
    return View(iteration(), S.stage)


def share_params() -> dict[str, str]:
    """The query parameters that reopen exactly this view."""
    return encode(S.cfg, view())


def write_url() -> None:
    """Keep the address bar's link up to date (only when it changed)."""
    want = share_params()
    if st.query_params.to_dict() != want:
        st.query_params.from_dict(want)


# -- uploaded CSV files and edited tables, of the training page (prefix "tr") and the network
# page ("net_tr"). An uploaded file is read once, when it arrives, and the parsed Dataset is
# kept (<p>_csv: file name and data) until the user removes or replaces it: the uploader
# forgets its file on every run that does not draw it (another page, another data source).
# A table: <p>_table as given to the editor, <p>_table_edited as edited; the editor holds its
# edits only while drawn, so a run without it starts again from the last edited table.


def csv_kept(p: str):
    """(file name, Dataset) of the upload in use, or None."""
    return S.get(f"{p}_csv")


def csv_error(p: str) -> str | None:
    return S.get(f"{p}_csv_error")


def csv_read(p: str, up, max_features: int = 8) -> None:
    """Read a newly uploaded file (once per file); a refused one keeps the file in use."""
    from neuron.datasets import load_csv

    if up.file_id == S.get(f"{p}_csv_id"):
        return
    kept = S.get(f"{p}_csv")
    try:
        S[f"{p}_csv"] = (up.name, load_csv(up, max_features=max_features))
        S.pop(f"{p}_csv_error", None)
    except ValueError as e:
        still = f" Still using {kept[0]}." if kept else ""
        S[f"{p}_csv_error"] = f"{up.name} is refused: {e}.{still}"
    S[f"{p}_csv_id"] = up.file_id


def csv_forget(p: str) -> None:
    for key in ("csv", "csv_id", "csv_error"):
        S.pop(f"{p}_{key}", None)


def csv_on_change(p: str) -> None:
    if S.get(f"{p}_upload") is None:  # the user removed the file (its ×)
        csv_forget(p)


def table_frame(p: str, columns: tuple[str, ...], default_rows):
    """The table to give the editor: the last edited one, or ``default_rows`` when there is
    none or its columns are not ``columns`` (the network's inputs changed)."""
    import pandas as pd

    table, edited = S.get(f"{p}_table"), S.get(f"{p}_table_edited")
    if f"{p}_editor" not in S and edited is not None:
        table = edited.reset_index(drop=True)
    if table is None or tuple(table.columns) != tuple(columns):
        table = pd.DataFrame([list(r) for r in default_rows], columns=list(columns))
        S.pop(f"{p}_table_edited", None)
    S[f"{p}_table"] = table
    return table


def brought_data(p: str, source: str, columns: tuple[str, ...]):
    """(the uploaded file's or the table's Dataset, what a summary calls it); else
    ``ValueError`` saying what is missing or wrong."""
    from neuron.datasets import from_table

    if source == "csv":
        if (kept := csv_kept(p)) is None:
            raise ValueError(csv_error(p) or "choose a CSV file to upload")
        return kept[1], f"your file {kept[0]}"
    return from_table(table_rows(p) or [], columns), "your table"


def table_keep(p: str, edited) -> None:
    S[f"{p}_table_edited"] = edited


def table_rows(p: str) -> list[list] | None:
    """The edited table's rows (cells as typed), or None before it was drawn."""
    df = S.get(f"{p}_table_edited")
    if df is None:
        df = S.get(f"{p}_table")
    return None if df is None else df.values.tolist()


# -- the training page's settings -------------------------------------------------------------
# Each field of neuron.trainlink.TrainSettings lives in the widget key "tr_" + its name; the
# edited table in tr_table (as given to the editor) and tr_table_edited (as edited).


def train_start(settings: trainlink.TrainSettings) -> None:
    """Put ``settings`` (from a link) into the training page's fields."""
    import pandas as pd

    for f in trainlink.FIELDS:
        S["tr_" + f.name] = getattr(settings, f.name)
    S.tr_table = pd.DataFrame(list(settings.rows), columns=list(trainlink.TABLE_COLUMNS))
    S.pop("tr_table_edited", None)


def _table_rows() -> tuple[tuple[str, ...], ...]:
    rows = table_rows("tr")
    if rows is None:
        return trainlink.DEFAULT_TABLE
    return tuple(tuple("" if v is None else str(v) for v in row) for row in rows)


def train_settings() -> trainlink.TrainSettings:
    """The training page's settings as they stand (unchecked: the page says what is wrong)."""
    got = {f.name: S.get("tr_" + f.name, f.default) for f in trainlink.FIELDS}
    return trainlink.TrainSettings(**got, rows=_table_rows())


def train_defaults(first: dict) -> None:
    """The training settings' first values (their widgets keep them across pages:
    ``persist_state="session"``)."""
    for name, v in first.items():
        S.setdefault("tr_" + name, v)
    S.setdefault("tr_p0", 0)
    S.setdefault("tr_p1", 1)


def number_start(key: str, lo) -> None:
    """A number field of the training page drawn for the first time holds its last good
    value (or ``lo``)."""
    if S.get(key) is None:
        S[key] = S.get("tr_good", {}).get(key, lo)


def number_changed(key: str, message) -> None:
    """A number field sent no value (cleared, or 1e400, which the browser cannot store): put
    the last good value back and say so beside the field (``message(value)``)."""
    if S.get(key) is None:
        S[key] = S.get("tr_good", {}).get(key)
        S.tr_number_error = (key, message(S[key]))
    elif S.get("tr_number_error", ("",))[0] == key:
        del S.tr_number_error


def number_error(key: str) -> str | None:
    got = S.get("tr_number_error", ("", None))
    return got[1] if got[0] == key else None


def number_good(key: str) -> None:
    """The field's value, drawn without complaint, is its last good value."""
    S.setdefault("tr_good", {})[key] = S[key]


def number(key: str, default=None):
    return S.get(key, default)


def set_number(key: str, value) -> None:
    S[key] = value


def trained():
    """(history, run) of the training page's last run, or (None, None)."""
    return S.get("history"), S.get("run")


def keep_training(hist, run) -> None:
    """A new run: its history and what it was trained on; the views start at its end."""
    S.history, S.run = hist, run
    S.tr_at = hist.epochs_run
    S.fig_cache = {}


def fig_cache() -> dict:
    """The training page's figures of the last run, by what they show."""
    return S.setdefault("fig_cache", {})


def train_anyway() -> bool:
    """Whether "Train again without stopping early" was pressed."""
    return bool(S.get("btn_anyway"))


def continue_in_step_view(cfg: Config) -> None:
    start(cfg)
    S.page = "step"


def say_continue_error(text: str) -> None:
    S.continue_error = text


def take_continue_error() -> str | None:
    return S.pop("continue_error", None)


def train_tab() -> str | None:
    """The training view a test or a link asked to open first."""
    return S.get("tr_tab")


def train_share_params() -> dict[str, str]:
    """The query parameters that reopen the training page with these settings; a table
    that could not travel (a bad cell, too many rows) is left out of it."""
    params = {"page": "train", **trainlink.encode(train_settings())}
    if trainlink.ROWS_KEY in params:
        try:
            trainlink.check_rows(train_settings().rows)
        except ValueError:
            del params[trainlink.ROWS_KEY]
    return params


def train_write_url() -> None:
    """Keep the address bar's link up to date with the training page (only when changed)."""
    want = train_share_params()
    if st.query_params.to_dict() != want:
        st.query_params.from_dict(want)


# -- the network page ------------------------------------------------------------------------
# net_setup: the last good NetSetup (iteration 1's start); net_example: the example it came
# from, or "custom"; net_trail: (W, b) at the start of every iteration walked; net_stage;
# net_playing; net_error: why the last setup applied was refused (the old one is kept).


def net_init(example: str = NET_EXAMPLE) -> None:
    """The network page's first visit in this session (unless a link opened it)."""
    if "net_setup" not in S:
        net_start(EXAMPLES[example].setup.validated(), example)
    for key, value in (("net_tr_data", "xor"), ("net_tr_batch", "full"),
                       ("net_tr_epochs", 2000), ("net_tr_seed", 0)):
        S.setdefault(key, value)  # the widgets keep them (persist_state) off the page


def net_start(setup: NetSetup, example: str) -> None:
    S.net_setup, S.net_example = setup, example
    S.net_trail = [(setup.W, setup.b)]
    S.net_stage, S.net_playing, S.net_error = 0, False, None
    S.net_pick = example
    S.net_focus = None
    S.net_version = S.get("net_version", 0) + 1  # the setup form's widgets start afresh
    S.net_upload_note = None
    net_archive_quiz()


def net_key(name: str) -> str:
    """A setup-form widget's key: new with every setup, so the form shows the setup in use."""
    return f"net_{name}_{S.net_version}"


def net_setup() -> NetSetup:
    return S.net_setup


def net_example() -> str:
    return S.net_example


def net_error() -> str | None:
    return S.get("net_error")


def net_current() -> NetSetup:
    """The setup with this iteration's weights and biases (computed: not checked against
    what can be typed)."""
    W, b = S.net_trail[-1]
    return dataclasses.replace(S.net_setup, W=W, b=b)


def net_position() -> tuple[int, int]:
    """(iteration counted from 0, stage)."""
    return len(S.net_trail) - 1, S.net_stage


def _net_advance() -> bool:
    if len(S.net_trail) - 1 >= IT_MAX:
        S.net_playing = False
        return False
    upd = net_current().step()[3]
    S.net_trail.append((tuple(map(tuple, (w.tolist() for w in upd.net.W))),
                        tuple(tuple(v.tolist()) for v in upd.net.b)))
    return True


def net_step(last: int) -> None:
    if S.net_stage < last:
        S.net_stage += 1
    elif _net_advance():
        S.net_stage = 0


def net_back() -> None:
    S.net_playing = False
    if S.net_stage > 0:
        S.net_stage -= 1
    elif len(S.net_trail) > 1:
        S.net_trail.pop()
        S.net_stage = len(net_stages(len(S.net_setup.sizes) - 1)) - 1


def net_iterate(last: int) -> None:
    if S.net_stage == last and not _net_advance():
        return
    S.net_stage = last


def net_reset() -> None:
    net_archive_quiz()
    S.net_playing = False
    S.net_trail = [S.net_trail[0]]
    S.net_stage = 0


def net_play() -> None:
    S.net_playing = not S.net_playing
    S.net_last_tick = -math.inf


def net_playing() -> bool:
    return S.net_playing


def net_timer() -> float | None:
    return 1.0 / float(S.speed) if S.net_playing else None


def net_tick(last: int) -> None:
    """One stage of Play, if one is due (see :func:`tick`)."""
    now = time.monotonic()
    if now - S.get("net_last_tick", -math.inf) < TICK_EARLY / float(S.speed):
        return
    S.net_last_tick = now
    before = net_position()
    net_step(last)
    if net_position() == before:
        S.net_playing = False
    elif net_unanswered():  # quiz mode: wait for the student's answers
        S.net_playing = False
        S.net_notice = ("Play stops at each question: answer it, then press Play (P) or "
                        "Step (→) to go on.")


def net_nav(key: str, shown: int) -> None:
    value = S.get(key)
    if value is None or value == shown:
        return
    S.net_stage = int(value)
    S.net_playing = False


def net_pick_example() -> None:
    name = S.net_pick
    if name in EXAMPLES:
        net_start(EXAMPLES[name].setup.validated(), name)
    else:
        S.net_pick = S.net_example  # "custom" is reached by changing the setup


def _numbers(name: str, text: str) -> tuple[float, ...]:
    try:
        return tuple(float(t) for t in str(text).replace(";", ",").split(",") if t.strip())
    except ValueError:
        raise ValueError(f"{name}: give numbers separated by commas, e.g. 0.05, 0.1") from None


FORM = ("in", "hidden", "units", "out", "acts", "loss", "lr", "bias", "x", "y", "W", "b", "seed")


def net_apply(fresh: bool) -> None:
    """Apply the setup form (its Apply or Xavier button): the new setup if it is usable, else
    its message, the old setup kept."""
    f = {name: S[net_key(name)] for name in FORM}
    f |= {"inputs": f["in"], "outputs": f["out"], "xavier": fresh}
    try:
        units = tuple(int(u) for u in str(f["units"]).split(",") if u.strip())
        units = (units + units[-1:] * 2)[: int(f["hidden"])] if units else (2,) * int(f["hidden"])
        sizes = check_sizes((int(f["inputs"]), *units, int(f["outputs"])))
        acts = tuple(a.strip() for a in str(f["acts"]).split(",") if a.strip())
        old = S.net_setup
        if f["xavier"] or sizes != old.sizes:
            W, b = xavier(sizes, int(f["seed"]))
        else:
            W, b = parse_json_list("W", f["W"]), parse_json_list("b", f["b"])
        x, y = _numbers("x", f["x"]), _numbers("y", f["y"])
        if sizes != old.sizes:  # keep what fits of the old sample
            x = (x + (0.0,) * sizes[0])[: sizes[0]]
            y = (y + (0.0,) * sizes[-1])[: sizes[-1]]
            acts = acts if len(acts) in (1, len(sizes) - 1) else acts[:1]
        setup = NetSetup(sizes=sizes, W=W, b=b, acts=acts, x=x, y=y, lr=float(f["lr"]),
                         loss=f["loss"], update_bias=bool(f["bias"])).validated()
    except (ValueError, TypeError) as e:
        S.net_error = f"Not applied: {e}. The network keeps its last good setup."
        return
    S.net_error = None
    if setup != S.net_setup:
        same = [n for n, e in EXAMPLES.items() if e.setup.validated() == setup]
        net_start(setup, same[0] if same else "custom")


def net_write_url() -> None:
    """Keep the address bar on the network page's link (only when it changed)."""
    it, stage = net_position()
    want = link(S.net_setup, S.net_example, it + 1, stage)
    if st.query_params.to_dict() != want:
        st.query_params.from_dict(want)


def net_focus() -> tuple[int, int, int] | None:
    return S.get("net_focus")


def net_nav_key() -> str:
    """The stage bar's widget key for this stage (see on_nav: one widget per stage shown)."""
    key = f"net_nav{S.net_stage}"
    S[key] = S.net_stage
    return key


def page() -> str:
    return S.page


def take_url_warnings() -> list[str]:
    """What the link said wrong (once): the page shows it in one box."""
    return S.pop("url_warnings", [])


def tab_shown(key: str):
    """The open tab of the tab bar ``key`` (None before one was chosen), remembered for
    the next time the bar is drawn (tabs have no ``persist_state``; see restore_tab)."""
    if (shown := S.get(key)) is not None:
        S[f"{key}_kept"] = shown
    return shown


def restore_tab(key: str) -> None:
    """Before the tab bar ``key`` is drawn: its open tab, made plain state, so that it
    survives a change of the bar's tabs (which makes it a new widget: an example's tab comes
    and goes) and, through ``{key}_kept``, a page switch (a run that does not draw a widget
    drops its state; tabs have no ``persist_state``)."""
    if (open_ := S.get(key, S.get(f"{key}_kept"))) is not None:
        S[key] = open_


def kept_open(key: str) -> bool:
    """Whether the expander ``key`` was open when last drawn."""
    return S.get(f"{key}_kept", False)


def keep_open(key: str) -> None:
    S[f"{key}_kept"] = S[key]


def fig_scale() -> float:
    """Presenter mode's figure size."""
    return S.get("fig_scale", 1.25)


def presenter() -> bool:
    return bool(S.get("presenter"))


def net_run():
    """The last training run of the network page: (history, X, y, network), a message
    saying why it could not run, or None."""
    return S.get("net_run")


def net_data_source() -> str:
    return S.net_tr_data


def net_data():
    """The network page's training data: a built-in set, the uploaded file or the table
    (``ValueError`` saying what is missing or wrong)."""
    from neuron.datasets import get_dataset, table_columns  # (the step view needs neither)

    src = S.net_tr_data
    if src in ("csv", "table"):
        return brought_data("net_tr", src, table_columns(S.net_setup.sizes[0]))[0]
    return get_dataset(src, seed=int(S.net_tr_seed))


def net_train() -> None:
    from neuron.train import Descent, train

    setup = S.net_setup
    try:
        data = net_data()
        if data.n != setup.sizes[0]:
            raise ValueError(f"the data have {data.n} inputs, the network {setup.sizes[0]}")
    except ValueError as e:
        S.net_run = f"Not trained: {e}"
        return
    X, y = np.array(data.X), np.array(data.y)
    try:
        how = Descent(setup.lr, int(S.net_tr_epochs), S.net_tr_batch, seed=int(S.net_tr_seed),
                      bias=setup.update_bias)
        h = train(setup.net, X, y, setup.loss_fn, how)
    except ValueError as e:
        S.net_run = f"Not trained: {e}"
        return
    S.net_run = (h, X, y, setup.net)
    S.net_tr_at = h.epochs_run


def net_continue() -> None:
    """Step through the network with the weights of the chosen epoch, on the first sample."""
    h, X, y, net = S.net_run
    at = net.with_theta(h.theta[int(S.net_tr_at)])
    setup = dataclasses.replace(
        S.net_setup, W=tuple(tuple(map(tuple, w.tolist())) for w in at.W),
        b=tuple(tuple(v.tolist()) for v in at.b), x=tuple(X[0]), y=(float(y[0]),))
    try:
        setup = setup.validated()
    except ValueError as e:
        S.net_error = f"Epoch {int(S.net_tr_at)} cannot be stepped through: {e}."
        return
    net_start(setup, "custom")


# -- the network page's quiz and setup file ---------------------------------------------------
# net_quiz_log: {(iteration, question key): netquiz.Attempt} of this setup; net_quiz_archive:
# (right, asked) of the setups and resets before; the answer fields are net_quiz_<it>_<key>.


def quiz_on() -> bool:
    """Quiz mode (one switch for the step view and the network page)."""
    return bool(S.get("quiz"))


def net_questions() -> tuple[netquiz.NetQuestion, ...]:
    """The questions of the current stage (empty when it asks nothing)."""
    it, stage = net_position()
    return netquiz.questions(net_current(), stage, it)


def net_answer_key(qkey: str) -> str:
    return f"net_quiz_{net_position()[0]}_{qkey}"


def net_attempt(qkey: str) -> netquiz.Attempt:
    return S.get("net_quiz_log", {}).get((net_position()[0], qkey), netquiz.Attempt())


def net_unanswered() -> list[netquiz.NetQuestion]:
    """In quiz mode, this stage's questions still waiting for an answer."""
    if not S.get("quiz"):
        return []
    return [q for q in net_questions() if q.asked and not net_attempt(q.key).done]


def net_hidden() -> frozenset[tuple[str, int]]:
    """What the graph, the equations and the table show as "?" (quiz mode, unanswered)."""
    if not net_unanswered():
        return frozenset()
    return netquiz.hides(S.net_setup, S.net_stage)


def net_quiz_check(questions: tuple[netquiz.NetQuestion, ...]) -> None:
    """Check: each question with a number typed is judged; none typed is not a try."""
    log = S.setdefault("net_quiz_log", {})
    it = net_position()[0]
    typed = [(q, S.get(net_answer_key(q.key))) for q in questions]
    typed = [(q, a) for q, a in typed if a is not None and not net_attempt(q.key).done]
    if not typed:
        S.net_quiz_empty = net_position()
        return
    for q, answer in typed:
        log[(it, q.key)] = netquiz.judge(net_attempt(q.key), answer, q)


def net_quiz_reveal(questions: tuple[netquiz.NetQuestion, ...]) -> None:
    log = S.setdefault("net_quiz_log", {})
    for q in questions:
        log[(net_position()[0], q.key)] = netquiz.reveal(net_attempt(q.key))


def net_quiz_empty() -> bool:
    """Whether Check was just pressed with no number typed (said once)."""
    return S.pop("net_quiz_empty", None) == net_position()


def net_archive_quiz() -> None:
    """A new setup or a reset asks afresh; the session's score is kept."""
    S.net_quiz_archive = net_quiz_score()
    S.net_quiz_log = {}


def net_quiz_score() -> tuple[int, int]:
    """(right, asked) over the network page's answered questions this session."""
    done = [a for a in S.get("net_quiz_log", {}).values() if a.done]
    right, asked = S.get("net_quiz_archive", (0, 0))
    return right + sum(a.right for a in done), asked + len(done)


def net_notice() -> str | None:
    return S.pop("net_notice", None)


def net_restore() -> None:
    """The setup file uploader changed: restore the file's setup, iteration and stage, or
    say why not (the setup in use is kept)."""
    from neuron.netfile import parse_setup_file

    up = S.get("net_upload")
    if up is None:
        return
    try:
        setup, example, it, stage, warnings = parse_setup_file(up.getvalue())
    except ValueError as e:
        S.net_upload_note = ("error", f"Not restored: {e}. The network keeps its setup.")
        return
    net_start(setup, example)
    while len(S.net_trail) < it and _net_advance():
        pass
    S.net_stage = stage
    S.net_upload_note = ("warning", "Restored, but " + "; ".join(warnings)) if warnings else (
        "success", f"Restored: the {'-'.join(map(str, setup.sizes))} network at iteration "
        f"{len(S.net_trail)}, stage {stage}.")
    S.net_full_rerun = True  # the setup form, outside the page's fragment, shows it too


def net_upload_note() -> tuple[str, str] | None:
    """(kind, text) of the last setup file restored or refused."""
    return S.get("net_upload_note")


def net_full_rerun() -> bool:
    return bool(S.pop("net_full_rerun", False))
