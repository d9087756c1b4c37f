"""The Gates page as Streamlit runs it (st.Page file, URL path `gates`); it lives in playground/gates/."""
from playground.gates.page import main

main()
