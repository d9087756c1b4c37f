"""What every live page shares: the lock-step run, the slice loop, the page shell and its rows.

The timing constants of live training are defined here, once.
"""
TRAIN_SLICE = 0.40   # seconds of training per live redraw (~2.3 redraws a second)
REDRAW_EVERY = 0.05  # the browser's timer; ticks that come while a slice runs are coalesced
MAX_POINTS = 150     # history points sent to each chart (downsampled evenly; the browser draws them)
PROBE_SHARE = 0.12   # a live probe may cost at most this share of training time (target 20%)
MAX_SLICE = 2.0      # seconds: however slow the probe looked, a live page redraws this often
