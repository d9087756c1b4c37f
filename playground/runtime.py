"""Process-wide settings for the app server, applied once, on first import.

One torch thread per session: a tiny model gains little from more, and many sessions then
share the machine's cores fairly.
"""
import logging

import torch

torch.set_num_threads(1)

# A link's values are put into widget state before the widgets are drawn (urlstate.restore);
# Streamlit logs a warning with a stack trace for each such widget. The values are meant.
logging.getLogger("streamlit.elements.lib.policies").setLevel(logging.ERROR)
