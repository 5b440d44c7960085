"""The step view's library of examples (issue 14): a link opens one, the sidebar names its
source and convention, the printed numbers sit beside the computed ones, and the conventions
(loss 'none', 'se', the bias kept) reach the page."""

from apphelpers import app, latex

from neuron.examples import EXAMPLES, compare

TAB = "Published vs computed"


def published_tab(query: dict | None = None):
    at = app(query)
    at.session_state.step_tab = TAB
    at.run()
    assert not at.exception
    return at


def test_a_link_opens_cs231n_and_every_printed_number_agrees():
    at = published_tab({"example": "cs231n"})
    assert at.selectbox(key="in_preset").value == "CS231n: sigmoid neuron"
    assert at.session_state.cfg == EXAMPLES["cs231n"].config
    said = " ".join(c.value for c in at.sidebar.caption)
    assert "Backpropagation, Intuitions" in said and "cs231n.github.io" in said
    assert "No loss" in said  # the loss's convention line
    rows = at.dataframe[0].value
    assert list(rows["printed"]) == [p.printed for p in EXAMPLES["cs231n"].published]
    here = dict(zip(rows["in the text"], rows["on this page"], strict=True))
    assert here["gradient on w0"] == "∂L/∂w₁" and here["gradient on x1"] == "∂L/∂x₂"
    assert here["gradient on w2 (the bias)"] == "∂L/∂b"  # CS231n counts from 0, the page 1
    assert list(rows["computed (same digits)"]) == [r["computed"] for r in
                                                    compare(EXAMPLES["cs231n"])]
    assert set(rows[""]) == {"✓ agrees"}
    assert at.success[0].value.startswith("All 9 printed numbers agree")


def test_the_document_example_shows_its_slips_and_where_they_come_from():
    at = published_tab()
    assert at.warning[0].value.startswith("6 of 13 printed numbers agree. Slips: z, ∂L/∂w₂.")
    notes = " ".join(w.value for w in at.warning[1:]).replace("\\", "")  # escaped Markdown
    assert "**z**: printed 0.35, should be 0.32: 0.2·0.5 + 0.4·0.3 + 0.1" in notes
    assert "−0.0301" in notes  # ∂L/∂w₂: cut, not rounded
    assert len(at.warning) == 3  # the summary and the two slips
    follows = at.info[0].value.replace("\\", "")
    assert follows == ("**ŷ, ∂L/∂ŷ, ∂ŷ/∂z, ∂L/∂w₁, ∂L/∂b** follow from the printed z = 0.35 "
                       "(the slip above): computed from it, each agrees with the text.")


def test_a_changed_setup_is_no_example_and_the_tab_goes():
    at = published_tab({"example": "micrograd"})
    at.number_input(key="in_b").set_value(1.0).run()
    assert at.selectbox(key="in_preset").value == "Custom setup"
    assert not at.success and not any("printed" in w.value for w in at.warning)
    assert at.dataframe  # the first tab (the values table) is drawn instead


def test_the_quiz_does_not_give_the_printed_numbers_away():
    at = published_tab({"example": "cs231n", "stage": "4"})
    at.toggle(key="quiz").set_value(True).run()
    assert any("printed numbers would give it away" in i.value for i in at.info)
    assert not at.success


def test_later_iterations_say_the_numbers_are_iteration_one():
    at = published_tab({"example": "explainer", "iter": "3"})
    assert any("numbers are for iteration 1" in i.value for i in at.info)
    assert at.success  # still compared with iteration 1


def test_the_exports_of_iteration_one_carry_the_published_numbers():
    at = app({"example": "micrograd"})
    at.session_state.step_tab = "Export & share"
    at.run()
    said = " ".join(m.value for m in at.markdown)
    assert "They end with the numbers printed in *micrograd: tanh neuron*, beside" in said
    at = app({"example": "micrograd", "iter": "2"})
    at.session_state.step_tab = "Export & share"
    at.run()
    assert "They end with" not in " ".join(m.value for m in at.markdown)


def test_the_bias_switch_keeps_b_and_travels_in_the_link():
    at = app()
    at.toggle(key="in_bias").set_value(False).run()
    assert at.session_state.cfg.update_bias is False
    assert at.query_params["bias"] == ["0"] or at.query_params["bias"] == "0"
    at.session_state.stage = 8
    at.run()
    text = latex(at)
    assert r"b \leftarrow b = 0.1000" in text and "the bias is not updated" in text
    at.button(key="btn_iterate").click().run()
    assert at.session_state.trail[-1][1] == 0.1  # b as it was


def test_loss_none_and_se_on_the_page():
    at = app({"example": "cs231n", "stage": "3"})
    assert r"\quad\text{(no loss: the target is not used)}" in latex(at)
    at = app({"example": "explainer", "stage": "4"})
    assert r"2(\hat{y} - y)" in latex(at)
    said = " ".join(c.value for c in at.sidebar.caption)
    assert "without ½" in said


def test_with_no_loss_the_stages_say_so():
    at = app({"example": "micrograd", "stage": "3"})
    said = " ".join(m.value for m in at.markdown)
    assert "No loss here: L = ŷ" in said and "how far the prediction" not in said
    at = app({"example": "micrograd", "stage": "4"})
    assert "o.grad = 1" in " ".join(m.value for m in at.markdown)
