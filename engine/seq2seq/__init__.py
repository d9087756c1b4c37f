"""Sequence to sequence: an encoder-decoder with (Bahdanau or Luong) attention or none.

tasks.py generates toy translation pairs, model.py is the network, trainer.py trains it with
teacher forcing, decode.py does greedy and beam search, evaluate.py scores a held-out set.
"""
