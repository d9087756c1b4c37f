"""Word embeddings (issue 6): corpora, co-occurrence counts, skip-gram, GloVe, vector tools and
2-D projections (t-SNE, PCA). Pure numpy/torch; the Embeddings page and `python -m engine
embed|cooc` drive it."""
