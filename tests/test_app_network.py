"""The network page in AppTest: opened by a link, stepped, its numbers, the address bar, a
refused setup, the focus on one weight, and the published numbers beside the computed ones."""

import json

from apphelpers import app, latex

from neuron.network import EXAMPLES, setup_json


def heading(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("#### Iteration"))


def test_a_link_opens_mazur_and_iterate_shows_his_update():
    at = app({"page": "network", "example": "mazur"})
    assert not at.exception
    assert heading(at) == "#### Iteration 1 · Stage 0 of 10: Inputs and parameters"
    at.button(key="nbtn_step").click().run()
    assert heading(at).startswith("#### Iteration 1 · Stage 1 of 10: Weighted sums z")
    assert r"0.1500 \cdot 0.0500 + 0.2000 \cdot 0.1000 + 0.3500 = 0.3775" in latex(at)
    at.button(key="nbtn_iterate").click().run()
    assert heading(at).startswith("#### Iteration 1 · Stage 10 of 10: The update")
    assert r"w^{(2)}_{11} \leftarrow 0.4000 - 0.5000 \cdot 0.0822 = 0.3589" in latex(at)
    assert r"b^{(1)}_{1} = 0.3500 \text{ (kept)}" in latex(at)
    # the address bar follows: the link reopens this very view
    assert dict(at.query_params) == {"page": "network", "example": "mazur", "iter": "1",
                                     "stage": "10"}
    at.button(key="nbtn_step").click().run()  # the next iteration starts from the update
    assert heading(at).startswith("#### Iteration 2 · Stage 0")
    at.button(key="nbtn_back").click().run()
    assert heading(at).startswith("#### Iteration 1 · Stage 10")


def test_a_link_to_iteration_2_reopens_it():
    at = app({"page": "network", "example": "mazur", "iter": "2", "stage": "5"})
    assert heading(at).startswith("#### Iteration 2 · Stage 5 of 10: The loss")
    # Mazur's error after the first update, computed with the old weights' gradients
    assert "= 0.2910" in latex(at)


def test_a_custom_setup_travels_in_the_link():
    setup = EXAMPLES["xor"].setup.validated()
    at = app({"page": "network", "net": setup_json(setup), "stage": "4"})
    assert not at.exception and not at.warning
    assert heading(at).startswith("#### Iteration 1 · Stage 4 of 10")


def test_bad_link_fields_are_said_and_fall_back():
    at = app({"page": "network", "example": "nope", "stage": "99"})
    assert not at.exception
    said = " ".join(w.value for w in at.warning)
    assert "nope" in said and "stage" in said
    assert heading(at).startswith("#### Iteration 1 · Stage 0 of 10")


def test_the_published_numbers_stand_beside_the_computed_ones():
    at = app({"page": "network", "example": "mazur"})
    labels = [e.label for e in at.expander]
    assert any("20 of 21 printed numbers agree, 1 does not" in lbl for lbl in labels)
    said = " ".join(w.value for w in at.warning)
    assert "0.291027924" in said and "0.291027774" in said
    rows = next(d.value for d in at.dataframe if "printed" in d.value.columns)
    here = dict(zip(rows["in the text"], rows["on this page"], strict=True))
    assert here["w5+"] == "W2[1,1] ← (new)" and here["w7+"] == "W2[2,1] ← (new)"
    assert here["out_h1"] == "a of h1₁" and here["∂E_total/∂w1"] == "∂L/∂W1[1,1]"


def test_a_refused_setup_is_said_and_the_last_good_one_kept():
    at = app({"page": "network", "example": "mazur"})
    w_key = next(t.key for t in at.text_area if t.key.startswith("net_W_"))
    at.text_area(key=w_key).set_value("[[1, 2]]")
    apply = next(b.key for b in at.button if b.key and b.key.startswith("net_apply_"))
    at.button(key=apply).click().run()
    assert not at.exception
    assert any("Not applied" in e.value and "W: give 2 matrices" in e.value for e in at.error)
    at.button(key="nbtn_step").click().run()
    assert "0.3775" in latex(at)  # still Mazur's network


def test_applying_a_new_loss_changes_the_numbers():
    at = app({"page": "network", "example": "mazur"})
    loss_key = next(s.key for s in at.selectbox if s.key.startswith("net_loss_"))
    at.selectbox(key=loss_key).set_value("se")
    apply = next(b.key for b in at.button if b.key and b.key.startswith("net_apply_"))
    at.button(key=apply).click().run()
    assert not at.error
    for _ in range(5):
        at.button(key="nbtn_step").click().run()
    # (a − y)² without ½: twice Mazur's loss of 0.2984
    assert "= 0.5967" in latex(at)
    assert at.query_params["net"]  # no longer the example: the whole setup is in the link
    assert json.loads(at.query_params["net"])["loss"] == "se"


def test_the_single_neuron_example_shows_the_step_views_numbers():
    at = app({"page": "network", "example": "neuron", "stage": "6"})  # its update
    text = latex(at)
    assert "0.2005" in text and "0.4003" in text and "0.1010" in text


def test_focus_on_a_weight_writes_its_chain_rule():
    at = app({"page": "network", "example": "mazur"})
    at.selectbox(key="net_focus").set_value((0, 0, 0)).run()
    assert not at.exception
    assert "4.3857" in latex(at)  # ∂L/∂W1[1,1] = 0.000438568 by every path summed


def test_new_sizes_take_xavier_weights_and_keep_what_fits():
    at = app({"page": "network", "example": "mazur"})
    units = next(t.key for t in at.text_input if t.key.startswith("net_units_"))
    at.text_input(key=units).set_value("4")
    apply = next(b.key for b in at.button if b.key and b.key.startswith("net_apply_"))
    at.button(key=apply).click().run()
    assert not at.error and not at.exception
    assert json.loads(at.query_params["net"])["sizes"] == [2, 4, 2]
    assert heading(at).startswith("#### Iteration 1 · Stage 0 of 10")
    at.selectbox(key="net_pick").set_value("xor").run()  # back to an example
    assert at.query_params["example"] == "xor"


def test_training_the_network_on_xor_and_continuing_in_the_step_view():
    at = app({"page": "network", "example": "2-4-1"})
    at.selectbox(key="net_tr_data").set_value("xor")
    at.number_input(key="net_tr_epochs").set_value(3000)
    at.button(key="net_tr_go").click().run()
    assert not at.exception
    said = " ".join(m.value for m in at.markdown)
    assert "Trained 3,000 epochs" in said and "100% of the samples" in said
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)  # the open tab: the loss
    assert spec["layout"]["title"]["text"] == "Loss over the epochs"
    at.number_input(key="net_tr_at").set_value(3000)
    at.button(key="net_tr_continue").click().run()
    assert not at.exception
    assert json.loads(at.query_params["net"])["x"] == [0.0, 0.0]  # XOR's first sample
    at.button(key="nbtn_iterate").click().run()
    assert heading(at).startswith("#### Iteration 1 · Stage 10 of 10")


def test_a_network_that_does_not_fit_the_data_is_told_so():
    at = app({"page": "network", "example": "mazur"})  # two outputs
    assert any("give the network 1 output to train it" in i.value and "XOR with 2-2-1" in i.value
               for i in at.info)
