"""RNN Playground: `streamlit run streamlit_app.py`."""
from playground.app import main

main()
