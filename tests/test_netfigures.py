"""Figures of a network's training: valid Plotly, flat in the number of epochs, < 300 KB, and
the values they draw are the history's."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from neuron import net as nn
from neuron.activations import ACTIVATIONS
from neuron.datasets import get_dataset
from neuron.losses import BCE
from neuron.netfigures import (
    boundary_figure,
    gradient_sizes_figure,
    loss_figure,
    weight_names,
    weights_over_time_figure,
)
from neuron.network import xavier
from neuron.palette import Look
from neuron.train import Descent, train


def run(epochs: int, sizes=(2, 4, 1)):
    d = get_dataset("xor")
    W, b = xavier(sizes, 0)
    acts = [ACTIVATIONS["tanh"]] * (len(sizes) - 2) + [ACTIVATIONS["sigmoid"]]
    net = nn.Net.of(W, b, acts)
    return train(net, d.X, d.y, BCE, Descent(1.0, epochs)), net, d


@pytest.mark.parametrize("dark", [False, True])
def test_every_figure_is_valid_small_and_flat_in_the_epochs(dark):
    sizes = {}
    for epochs in (1000, 5000):  # 200 points a line from 1,000 epochs on
        h, net, d = run(epochs)
        final = net.with_theta(h.theta[-1])
        lk = Look(dark=dark)
        figs = {"loss": loss_figure(h, look=lk), "grad": gradient_sizes_figure(h, look=lk),
                "weights": weights_over_time_figure(h, look=lk),
                "boundary": boundary_figure(final, d.X, d.y, look=lk)}
        for name, fig in figs.items():
            go.Figure(fig.to_dict())  # Plotly's full validation: raises if anything is wrong
            sizes.setdefault(name, []).append(len(fig.to_json()))
    for name, (small, large) in sizes.items():
        assert large < 300_000 and large <= 1.1 * small + 5_000, (name, small, large)


def test_the_figures_draw_the_history():
    h, net, d = run(300, sizes=(2, 3, 3, 1))
    loss = loss_figure(h).to_dict()["data"][0]
    assert loss["x"][0] == 0 and loss["x"][-1] == 300
    assert loss["y"][-1] == pytest.approx(h.loss[-1], rel=1e-6)
    grad = gradient_sizes_figure(h).to_dict()["data"]
    assert len(grad) == 3  # one line per layer
    assert grad[0]["y"][0] == pytest.approx(np.linalg.norm(h.grad[0, :6]), rel=1e-6)
    weights = weights_over_time_figure(h).to_dict()
    assert [t["name"] for t in weights["data"]] == weight_names((2, 3, 3, 1))
    assert len(weights["data"]) == 6 + 3 + 9 + 3 + 3 + 1
    assert len(weights["frames"]) <= 100
    final = net.with_theta(h.theta[-1])
    bound = boundary_figure(final, d.X, d.y).to_dict()
    out = nn.forward(final, [[bound["data"][0]["x"][0], bound["data"][0]["y"][0]]], [[0.0]],
                     BCE).a[-1][0, 0]
    assert bound["data"][0]["z"][0][0] == pytest.approx(out, rel=1e-6)
    hidden = [t for t in bound["data"] if t.get("legendgroup") == "hidden"]
    assert len(hidden) == 3  # the first hidden layer's three lines
    text = json.dumps(bound)
    assert "Infinity" not in text and "NaN" not in text


def test_the_boundary_needs_two_inputs_and_one_output():
    W, b = xavier((3, 2, 1), 0)
    net = nn.Net.of(W, b, [ACTIVATIONS["tanh"], ACTIVATIONS["sigmoid"]])
    with pytest.raises(ValueError, match="two inputs and one output"):
        boundary_figure(net, np.zeros((2, 3)), np.zeros(2))
