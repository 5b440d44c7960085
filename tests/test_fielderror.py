"""Refusals name their field in data, not only in words (review: the page routed an error to
its field by parsing the message's prefix)."""

import pytest

from neuron.activations import TANH
from neuron.config import Config
from neuron.errors import FieldError
from neuron.losses import BCE


@pytest.mark.parametrize("cfg, field", [
    (Config(x=(0.5,) * 9, w=(0.1,) * 9), "x"),
    (Config(w=(0.1,)), "w"),
    (Config(x=(float("nan"), 0.3)), "x"),
    (Config(w=(2e6, 0.4)), "w"),
    (Config(b=float("inf")), "b"),
    (Config(y=-3e7), "y"),
    (Config(lr=150.0), "η"),
    (Config(loss="bce", activation="tanh"), "loss"),
    (Config(loss="bce", y=2.0), "y"),
])
def test_each_refusal_names_its_field(cfg, field):
    with pytest.raises(FieldError) as e:
        cfg.validated()
    assert e.value.field == field
    assert isinstance(e.value, ValueError)  # callers that catch ValueError still do


def test_the_loss_says_which_of_its_inputs_it_refuses():
    with pytest.raises(FieldError, match="needs the sigmoid") as e:
        BCE.check(TANH)
    assert e.value.field == "loss"
