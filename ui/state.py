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

import math
import time

import streamlit as st

from neuron.config import VALUE_MAX, Config, Reached
from neuron.core import Step
from neuron.fmt import subscript
from neuron.stages import LAST
from neuron.urlstate import IT_MAX, START, View, encode, parse

S = st.session_state


def init() -> None:
    """First run of a session: read the link's query parameters, once."""
    if "cfg" in S:
        return
    cfg, view, warnings = parse(st.query_params.to_dict())
    S.url_warnings = warnings
    S.check_link = True  # see check_dropped_link
    S.page = "step"
    S.presenter = False
    S.fig_scale = 1.25  # presenter mode's figure size
    S.playing, S.speed, S.play_by = False, 1.0, "stages"
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


KEEP = ("quiz", "fig_scale", "step_tab", "tr_act", "tr_loss", "tr_source", "tr_noise",
        "tr_seed", "tr_data_seed", "tr_batch", "tr_bsize", "tr_tab", "tr_epochs", "tr_lr",
        "tr_init", "tr_sample", "tr_at", "tr_p0", "tr_p1")


def keep_widget_state() -> None:
    """Streamlit forgets a widget's value on a run that does not draw it (the other page,
    the hidden sidebar); writing each value back makes it plain state that survives."""
    for key in KEEP:
        if key in S:
            S[key] = S[key]


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
    """Put ``cfg`` into the sidebar's widgets (only from a callback or before they draw)."""
    S.in_n = cfg.n
    for i in range(cfg.n):
        S[f"in_x{i}"], S[f"in_w{i}"] = cfg.x[i], cfg.w[i]
    S.in_b, S.in_y, S.in_lr = cfg.b, cfg.y, cfg.lr
    S.in_act, S.in_loss = cfg.activation, cfg.loss
    S.input_errors = {}


def current_config(back: int = 0) -> Reached:
    """The configuration of the current iteration (or of the one ``back`` iterations
    before): the setup with that iteration's computed w and b, which may be beyond what can
    be typed (see :class:`neuron.config.Reached`)."""
    w, b = S.trail[-1 - back]
    cfg: Config = S.cfg
    return Reached(cfg.x, w, b, cfg.y, cfg.lr, cfg.activation, cfg.loss)


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


def current_step() -> Step:
    """Forward, backward and update of the current iteration."""
    return current_config().step()


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
    done = [e for e in S.get("quiz_log", {}).values() if e.get("done")]
    right, asked = S.get("quiz_archive", (0, 0))
    S.quiz_archive = (right + sum(e["right"] for e in done), asked + len(done))
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
