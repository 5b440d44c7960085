"""The step view's state: the configuration ``cfg``, the ``trail`` of iterations walked, the
``stage``, Play, the sidebar's typed fields and the step quiz; the callbacks of its buttons."""

from __future__ import annotations

import math
import time

import streamlit as st

from neuron import quiz
from neuron.config import VALUE_MAX, Config, Reached
from neuron.core import Step
from neuron.examples import example_of, preset_name
from neuron.fmt import num, subscript
from neuron.stages import LAST
from neuron.urlstate import IT_MAX, START, View, encode, parse_setup

from .base import TICK_EARLY, S


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
    question, so does a second wrong answer (the page then reveals the value); the last
    wrong answer sent again is no new try (neuron.quiz.is_new_try)."""
    slot = quiz_slot()
    answer = S.get(f"quiz_answer_{slot}")
    if answer is None:  # "Check" on an empty field: not a try, but a word beside it
        S.quiz_empty = slot
        return
    entry = S.setdefault("quiz_log", {}).setdefault(slot, {"tries": 0, "done": False,
                                                           "right": False})
    if entry["done"] or not quiz.is_new_try(entry.get("last"), answer):
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
