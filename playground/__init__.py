"""RNN Playground's Streamlit user interface: pages, controls and Altair chart builders."""
