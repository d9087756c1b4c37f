"""The Train page as Streamlit runs it (st.Page file, URL path `train`); it lives in playground/train/."""
from playground.train.page import main

main()
