"""The Embeddings page as Streamlit runs it (st.Page file, URL path `embeddings`); it lives in playground/embeddings/."""
from playground.embeddings.page import main

main()
