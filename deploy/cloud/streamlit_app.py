"""RNN Playground on Streamlit Community Cloud: set the app's main file to this path.

Cloud installs the requirements file next to this entrypoint (deploy/cloud/requirements.txt,
CPU-only torch) instead of the repository's, and runs the server from the repository root, so
the root's .streamlit/config.toml applies. The app itself is the same one streamlit_app.py runs.
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playground.app import main  # needs the repository root on sys.path

main()
