"""The session's state and the callbacks that change it: the only place that reads or
writes Streamlit's session state (``S``, named in :mod:`ui.state.base`). The pages call the
functions re-exported here (``state.on_step``, ``state.train_settings``, ...) and get records.

One user's walk-through lives in the session (never in module globals), one room per page:

* :mod:`.base`: the session ``S``, the page, presenter mode, the figures' size, tab bars and
  expanders kept across pages, the link's warnings, the page-width probe.
* :mod:`.step`: the step view. ``cfg``: the last good :class:`neuron.config.Config`;
  ``trail``: the parameters (w, b) at the start of every iteration walked so far (the
  current iteration is ``len(trail) - 1``; Back across an iteration pops it, so it restores
  exactly); ``stage``: 0 … LAST; ``playing`` / ``speed``: the automatic stepping; the
  sidebar's typed fields and the quiz.
* :mod:`.data`: uploaded CSV files and edited tables, of both training pages.
* :mod:`.train`: the training page's settings, its last run and history.
* :mod:`.net`: the network page: its setup, walk, training and quiz.
* here: :func:`init`, a session's first run, which reads the link.

Callbacks run before the script (``on_click``), so the page never lags a click.
"""

from __future__ import annotations

import streamlit as st

from neuron import trainlink
from neuron.network import parse_link
from neuron.urlstate import parse

from .base import (  # noqa: F401 (the package's names)
    NET_EXAMPLE,
    PAGE_ALIASES,
    PAGE_NAMES,
    TICK_EARLY,
    S,
    check_dropped_link,
    fig_scale,
    keep_open,
    kept_open,
    on_page,
    page,
    page_width,
    presenter,
    quiz_on,
    restore_tab,
    tab_shown,
    take_url_warnings,
    watch_width,
)
from .data import (  # noqa: F401 (the package's names)
    brought_data,
    csv_error,
    csv_forget,
    csv_kept,
    csv_on_change,
    csv_read,
    table_frame,
    table_keep,
    table_rows,
)
from .net import (  # noqa: F401 (the package's names)
    FORM,
    _net_advance,
    net_answer_key,
    net_apply,
    net_archive_quiz,
    net_attempt,
    net_back,
    net_continue,
    net_current,
    net_data,
    net_data_source,
    net_error,
    net_example,
    net_focus,
    net_full_rerun,
    net_hidden,
    net_init,
    net_iterate,
    net_key,
    net_nav,
    net_nav_key,
    net_notice,
    net_pick_example,
    net_play,
    net_playing,
    net_position,
    net_questions,
    net_quiz_check,
    net_quiz_empty,
    net_quiz_reveal,
    net_quiz_score,
    net_reset,
    net_restore,
    net_run,
    net_setup,
    net_start,
    net_step,
    net_tick,
    net_timer,
    net_train,
    net_unanswered,
    net_upload_note,
    net_write_url,
)
from .step import (  # noqa: F401 (the package's names)
    GROWS,
    archive_quiz,
    chosen_example,
    chosen_n,
    current_config,
    current_step,
    divergence_note,
    empty_field,
    grow_inputs,
    input_error,
    iteration,
    loss_trend_note,
    name_example,
    nav_key,
    on_back,
    on_iterate,
    on_nav,
    on_play,
    on_play_by,
    on_reset,
    on_speed,
    on_step,
    playing,
    published_example,
    quiz_check,
    quiz_entry,
    quiz_reveal,
    quiz_score,
    quiz_slot,
    refuse_input,
    restore_setup,
    setup,
    setup_error,
    share_params,
    show_speed_pickers,
    sidebar_start,
    speed,
    stage,
    start,
    step_page_start,
    sync_inputs,
    take_full_rerun,
    take_notice,
    take_quiz_empty,
    tick,
    timer,
    typed_setup,
    unanswered,
    view,
    write_url,
)
from .train import (  # noqa: F401 (the package's names)
    continue_in_step_view,
    fig_cache,
    keep_training,
    number,
    number_changed,
    number_error,
    number_good,
    number_start,
    say_continue_error,
    set_number,
    take_continue_error,
    train_anyway,
    train_defaults,
    train_settings,
    train_share_params,
    train_start,
    train_tab,
    train_write_url,
    trained,
)


def init() -> None:
    """First run of a session: read the link's query parameters, once."""
    if "cfg" in S:
        return
    params = st.query_params.to_dict()
    opened = params.pop("page", "step")
    opened = PAGE_ALIASES.get(str(opened).strip().lower(), opened)
    warnings: list[str] = []
    S.check_link = True  # see check_dropped_link
    S.presenter = False
    S.fig_scale = 1.25  # presenter mode's figure size
    S.playing, S.speed, S.play_by = False, 1.0, "stages"
    if opened == "train":  # the link is the training page's; the step view starts afresh
        settings, warnings = trainlink.parse(params)
        train_start(settings)
        params = {}
    if opened == "network":  # the link is the network page's; the step view starts afresh
        setup, example, it, stage, warnings = parse_link(params)
        net_start(setup, example)
        while len(S.net_trail) < it and _net_advance():
            pass
        S.net_stage = stage
        params = {}
    cfg, at, step_warnings = parse(params)
    S.url_warnings = ([] if opened in PAGE_NAMES else
                      [f"page: {str(opened)[:30]!r} is not one of {', '.join(PAGE_NAMES)}"])
    S.url_warnings += warnings if opened in ("network", "train") else step_warnings
    S.page = opened if opened in PAGE_NAMES else "step"
    start(cfg, at)
