"""The app every entrypoint runs: the page list, the course-examples menu, the chosen page.

`streamlit_app.py` (a local run, the Dockerfile) and `deploy/cloud/streamlit_app.py` (Streamlit
Community Cloud, which installs the requirements file next to its entrypoint) both call `main()`.
The pages are named by absolute paths, so navigation works whichever folder the entrypoint is in.
"""
from __future__ import annotations

import streamlit as st

import playground.runtime  # noqa: F401  (one torch thread per session)
from playground import presets
from playground.presets import PAGE_FILES

PAGES = [  # key in PAGE_FILES, title, icon; the first is the default page
    ("lessons", "Lessons", ":material/school:"),
    ("train", "Train", ":material/show_chart:"),
    ("gates", "Gates", ":material/grid_on:"),
    ("compare", "Compare cells", ":material/compare:"),
    ("gradients", "Gradient flow", ":material/trending_down:"),
    ("attention", "Attention", ":material/translate:"),
    ("embeddings", "Embeddings", ":material/scatter_plot:"),
]


def main() -> None:
    st.set_page_config(page_title="RNN Playground", page_icon="🔁", layout="wide")
    navigation = st.navigation([st.Page(PAGE_FILES[key], title=title, icon=icon, default=i == 0)
                                for i, (key, title, icon) in enumerate(PAGES)])
    presets.menu()  # the course's examples, one click each, on every page
    navigation.run()
