"""Shared test set-up: one torch thread (deterministic, and fair on a 2-core CI machine)."""
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
torch.set_num_threads(1)
