"""Backprop Lab's core: one neuron, its chain rule, training, datasets and figures.

Pure NumPy and Plotly; never imports streamlit, so every function works in a notebook or
from the command line (``python -m neuron``).
"""

from .activations import ACTIVATIONS, get_activation
from .config import DEFAULT, Config
from .core import Backward, Forward, Step, Update, backward, forward, step, update
from .losses import LOSSES, get_loss

__all__ = [
    "ACTIVATIONS", "DEFAULT", "LOSSES", "Backward", "Config", "Forward", "Step", "Update",
    "backward", "forward", "get_activation", "get_loss", "step", "update",
]
