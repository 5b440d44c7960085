"""Targets an activation cannot output (issue 17, item 2): said as such, never blamed on η."""

import numpy as np

from neuron.activations import LINEAR, RELU, SIGMOID, TANH, out_of_range
from neuron.core import neuron
from neuron.losses import MSE
from neuron.train import Descent, train

X = np.array([[1.0], [-1.0], [0.5], [-0.5], [2.0], [-2.0]])
Y = np.array([5.0, -3.0, 5.0, -3.0, 5.0, -3.0])


def test_targets_inside_the_range_say_nothing():
    assert out_of_range(SIGMOID, [0, 1, 0.5]) is None
    assert out_of_range(TANH, [-1, 1]) is None
    assert out_of_range(LINEAR, Y) is None
    assert out_of_range(RELU, [0, 7.5]) is None


def test_one_target_outside_reads_as_the_step_view_says():
    text = out_of_range(SIGMOID, 5.0)
    assert text.startswith("Sigmoid outputs values in [0, 1], so ŷ can never reach y = 5: "
                           "the loss cannot go to zero")
    assert "linear" in text.lower() and "rescale" in text


def test_many_targets_outside_are_counted_and_the_remedy_is_not_the_learning_rate():
    text = out_of_range(SIGMOID, Y)
    assert "6 of the 6 targets" in text and "[0, 1]" in text
    assert "linear" in text.lower() and "rescale the targets" in text
    assert "learning rate" in text and "no learning rate" in text  # ... changes that
    assert "[0, ∞)" in out_of_range(RELU, [-1.0, 2.0])


def test_the_stall_is_blamed_on_the_targets_not_on_the_learning_rate():
    for lr in (0.5, 5.0):
        h = train(neuron([0.1], 0.0, SIGMOID), X, Y, MSE, Descent(lr, 2000))
        assert h.stop_kind == "saturation"
        assert "outside" in h.stopped and "rescale the targets" in h.stopped
        assert "lower the learning rate" not in h.stopped
        assert "cross-entropy" not in h.stopped
