"""The Attention page as Streamlit runs it (st.Page file, URL path `attention`); it lives in playground/attention/."""
from playground.attention.page import main

main()
