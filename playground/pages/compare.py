"""The Compare page as Streamlit runs it (st.Page file, URL path `compare`); it lives in playground/compare/."""
from playground.compare.page import main

main()
