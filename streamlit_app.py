"""RNN Playground: `streamlit run streamlit_app.py`."""
import streamlit as st

import playground.runtime  # noqa: F401  (one torch thread per session)
from playground import presets

st.set_page_config(page_title="RNN Playground", page_icon="🔁", layout="wide")
pages = [st.Page("playground/pages/lessons.py", title="Lessons", icon=":material/school:",
                 default=True),
         st.Page("playground/pages/train.py", title="Train", icon=":material/show_chart:"),
         st.Page("playground/pages/gates.py", title="Gates", icon=":material/grid_on:"),
         st.Page("playground/pages/compare.py", title="Compare cells", icon=":material/compare:"),
         st.Page("playground/pages/gradients.py", title="Gradient flow",
                 icon=":material/trending_down:"),
         st.Page("playground/pages/attention.py", title="Attention", icon=":material/translate:"),
         st.Page("playground/pages/embeddings.py", title="Embeddings", icon=":material/scatter_plot:")]
navigation = st.navigation(pages)
presets.menu()  # the course's examples, one click each, on every page
navigation.run()
