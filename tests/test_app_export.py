"""The step view's "Export & share" panel (issue 17, item 9): the downloads say which
iteration and stage they show, and the LaTeX comes both as a fragment and as a document."""

from apphelpers import app

from neuron.report import render_step


def export_tab(query: dict):
    at = app(query)
    at.session_state.step_tab = "Export & share"
    at.run()
    assert not at.exception
    return at


def downloads(at) -> dict:
    return {b.proto.label: b for b in at.get("download_button")}


def test_the_panel_and_the_files_say_the_iteration_and_stage():
    at = export_tab({"iter": "2", "stage": "5"})
    said = " ".join(m.value for m in at.markdown)
    assert "Iteration 2, stage 5 of 8" in said
    buttons = downloads(at)
    assert {"Worked example (Markdown)", "LaTeX document (compiles as it is)",
            "LaTeX fragment (to \\input)", "Setup (JSON)"} <= set(buttons)
    # the files' own heading lines and the document's compiling: tests/test_export.py


def test_the_fragment_is_what_the_command_line_prints_after_its_heading_line():
    at = export_tab({"stage": "3"})
    assert "Iteration 1, stage 3 of 8" in " ".join(m.value for m in at.markdown)
    assert render_step(at.session_state.cfg, "latex").startswith("% Backpropagation")
