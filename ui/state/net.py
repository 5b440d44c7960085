"""The network page's state: ``net_setup`` (the last good :class:`neuron.network.NetSetup`),
``net_example``, ``net_trail``, ``net_stage``, Play, training and the network quiz."""

from __future__ import annotations

import dataclasses
import math
import time

import numpy as np
import streamlit as st

from neuron import netquiz
from neuron.netstages import stages as net_stages
from neuron.network import (
    EXAMPLES,
    NetSetup,
    check_sizes,
    link,
    parse_json_list,
    xavier,
)
from neuron.urlstate import IT_MAX

from .base import NET_EXAMPLE, TICK_EARLY, S
from .data import brought_data


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
