"""The Lessons page as Streamlit runs it (st.Page file, URL path `lessons`, the landing page); it
lives in playground/lessons/."""
from playground.lessons.page import main

main()
