"""RNN Playground engine: models, tasks, training and probes.

Pure Python + torch + numpy. Never imports streamlit, altair or playground, so everything the
pages draw can also be computed from a script, a notebook or `python -m engine`.
"""
