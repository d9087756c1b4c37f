"""The Gradients page as Streamlit runs it (st.Page file, URL path `gradients`); it lives in playground/gradients/."""
from playground.gradients.page import main

main()
