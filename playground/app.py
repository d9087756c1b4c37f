"""The app every entrypoint runs: the page list, the course-examples menu, the chosen page.

`streamlit_app.py` (a local run, the Dockerfile) and `deploy/cloud/streamlit_app.py` (Streamlit
Community Cloud, which installs the requirements file next to its entrypoint) both call `main()`.
The pages are named by absolute paths, so navigation works whichever folder the entrypoint is in.
"""
from __future__ import annotations

import streamlit as st

import playground.runtime  # noqa: F401  (one torch thread per session)
from playground import presets
from playground.i18n import init_language, language_switch, t
from playground.presets import PAGE_FILES

PAGES = [  # key in PAGE_FILES (its title is the catalogue's nav.<key>), icon; the first is the default
    ("lessons", ":material/school:"),
    ("train", ":material/show_chart:"),
    ("gates", ":material/grid_on:"),
    ("compare", ":material/compare:"),
    ("gradients", ":material/trending_down:"),
    ("attention", ":material/translate:"),
    ("embeddings", ":material/scatter_plot:"),
]


def main() -> None:
    init_language()  # before any text: the link's or the browser's language
    st.set_page_config(page_title=t("app.title"), page_icon="🔁", layout="wide")
    # url paths come from the file names (/train, /gates, ...), whatever the title's language
    navigation = st.navigation([st.Page(PAGE_FILES[key], title=t(f"nav.{key}"), icon=icon,
                                        default=i == 0)
                                for i, (key, icon) in enumerate(PAGES)])
    language_switch()
    presets.menu()  # the course's examples, one click each, on every page
    navigation.run()
