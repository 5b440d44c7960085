"""Backprop Lab: backpropagation through a single neuron, one stage at a time.

Run with ``streamlit run app.py``. The maths and figures live in ``neuron/``; the page sections
in ``ui/``. This file only sets the page up and places the sections.
"""

import streamlit as st

from ui import inputs, state, stepper

st.set_page_config(page_title="Backprop Lab", page_icon="🧠", layout="wide")

state.init()
for w in st.session_state.pop("url_warnings", []):
    st.warning(f"Link: {w}", icon="🔗")

st.title("Backprop Lab")
st.caption("One neuron, z = Σ wᵢxᵢ + b and ŷ = σ(z): watch the forward pass, every factor "
           "of the chain rule, and the gradient-descent update, one stage at a time.")
inputs.sidebar()
stepper.view()
