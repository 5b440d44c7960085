"""Backprop Lab: backpropagation through a single neuron, one stage at a time.

Run with ``streamlit run app.py``. The maths and figures live in ``neuron/``; the page sections
in ``ui/``. This file only sets the page up and places the sections.
"""

import streamlit as st

from ui import inputs, state, stepper, style
from ui.common import plain

st.set_page_config(page_title="Backprop Lab", page_icon=":material/neurology:", layout="wide")

state.init()
if url_warnings := state.take_url_warnings():  # one box, the link's text inert
    st.warning("Link: " + plain(url_warnings[0]) if len(url_warnings) == 1 else
               f"Link: {len(url_warnings)} problems\n\n"
               + "\n".join(f"- {plain(w)}" for w in url_warnings), icon=":material/link:")

PAGES = {"step": "Step by step", "train": "Training", "network": "Network"}
# One row that wraps on a narrow window (columns cut "Presenter" and "Training" short there)
header = st.container(horizontal=True, horizontal_alignment="distribute",
                      vertical_alignment="center")
header.markdown("## :material/neurology: Backprop Lab", width="content")
header.segmented_control("Page", list(PAGES), format_func=PAGES.get, key="page",
                        on_change=state.on_page, label_visibility="collapsed")
header.toggle("Presenter", key="presenter", help="Large type for a projector; hides the "
              f"sidebar. {stepper.KEYS}. Light or dark: the ⋮ menu at the top right (figures "
              "follow at the next click).")
style.apply(state.presenter())
if state.page() == "step" and not state.presenter():
    inputs.sidebar()  # the step view's setup; the training page has its own settings
if state.page() == "train":
    from ui import training  # imported on first use: the step view does not need it

    training.view()
elif state.page() == "network":
    from ui import network

    network.view()
else:
    stepper.view()
state.check_dropped_link()  # a link too long for Streamlit: a word on the page
