import csv
import io

import numpy as np

from neuron.activations import SIGMOID
from neuron.datasets import logic_gate
from neuron.export import history_columns, history_csv, history_rows
from neuron.losses import BCE
from neuron.train import train


def test_history_csv_round_trips_every_number():
    d = logic_gate("or")
    h = train(d.X, d.y, [0.1, -0.2], 0.3, SIGMOID, BCE, 0.7, 25)
    rows = list(csv.reader(io.StringIO(history_csv(h))))
    assert rows[0] == history_columns(h) == ["epoch", "w1", "w2", "b", "loss", "dL_dw1",
                                             "dL_dw2", "dL_db"]
    assert len(rows) == 1 + 26
    back = np.array(rows[1:], dtype=float)
    np.testing.assert_array_equal(back[:, 0], np.arange(26))
    np.testing.assert_array_equal(back[:, 1:3], h.w)
    np.testing.assert_array_equal(back[:, 4], h.loss)
    np.testing.assert_array_equal(back[:, 7], h.dL_db)
    assert history_rows(h, np.array([0, 25]))[1][0] == 25
