"""Process-wide settings for the app server, applied once, on first import.

One torch thread per session: a tiny model gains little from more, and many sessions then
share the machine's cores fairly.
"""
import torch

torch.set_num_threads(1)
