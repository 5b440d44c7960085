"""Backprop Lab's Streamlit sections: each module draws one part of the page.

The maths and the figures live in :mod:`neuron`; these modules only wire widgets to it.
"""
