"""The page's few CSS rules: a compact top, and presenter mode for a projector.

Only these constant strings ever go through ``unsafe_allow_html``; user text never does.
"""

import streamlit as st

COMPACT = """
<style>
  .block-container {padding-top: 2.2rem; padding-bottom: 2rem;}
  h1 {padding-top: 0 !important;}
  /* a long equation scrolls sideways instead of being cut off at the column's edge */
  .katex-display {overflow-x: auto; overflow-y: hidden; padding-bottom: 2px;}
  .st-key-earlier .katex-display .katex {font-size: 0.95em;}
  .st-key-hint .katex-display .katex {font-size: 0.85em;}
  /* the stage's explanation takes one or two lines at 820 px and more: room for two keeps
     the graph below it in place during Play (a longer one moved it 25 px) */
  .st-key-explain_line {min-height: 3.2rem;}
  /* on a phone or a narrow window a graph keeps the width its labels need (MIN_WIDTH of
     neuron/graph.py, 820 px; the network's layout is checked from 820 px too) and scrolls
     sideways, instead of squeezing its labels together */
  .st-key-graph_scroll, .st-key-net_graph_scroll {overflow-x: auto; overflow-y: hidden;}
  .st-key-graph_scroll > div, .st-key-net_graph_scroll > div {min-width: 820px;}
  /* ... and says so, only where it scrolls: the main area (a size container, so that the
     sidebar counts) is narrower than those 820 px */
  .block-container {container-type: inline-size;}
  .st-key-scroll_hint, .st-key-net_scroll_hint {display: none;}
  @container (max-width: 819.5px) {
    .st-key-scroll_hint, .st-key-net_scroll_hint {display: block;}
  }
</style>
"""

PRESENTER = """
<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stExpandSidebarButton"] {display: none !important;}
  .block-container {max-width: 100% !important; padding-left: 2rem; padding-right: 2rem;}
  .stMarkdown p, .stMarkdown li, [data-testid="stCaptionContainer"] {font-size: 1.35rem;}
  h4 {font-size: 2rem !important;}
  .katex-display .katex {font-size: 1.6em;}
  .st-key-earlier .katex-display .katex {font-size: 1.15em;}
  .st-key-hint .katex-display .katex {font-size: 1.1em;}
  [data-testid="stWidgetLabel"] p {font-size: 1.15rem;}
  [data-testid="stBaseButton-secondary"] p, [data-testid="stBaseButton-primary"] p,
  [data-testid="stBaseButton-secondaryFormSubmit"] p,
  [data-testid="stBaseButton-primaryFormSubmit"] p,
  [data-baseweb="tab"] p, [data-testid="stTab"] p, [data-testid="stPopoverButton"] p
  {font-size: 1.3rem;}
  [data-testid="stPopoverBody"] p {font-size: 1.15rem;}
  [data-testid="stSelectbox"] [data-baseweb="select"] div, [data-testid="stNumberInput"] input,
  [data-testid="stMetricLabel"] p, [data-testid="stExpander"] summary p,
  [data-testid="stButtonGroup"] button p {font-size: 1.15rem;}
  [data-testid="stAlertContainer"] p {font-size: 1.25rem;}
</style>
"""


def apply(presenter: bool) -> None:
    st.html(COMPACT + (PRESENTER if presenter else ""))
