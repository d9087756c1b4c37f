"""One embedding run: corpus + trainer by name, the registry the CLI and the page share."""
from __future__ import annotations

from engine.embed.corpus import CorpusConfig, WordCorpus, load_corpus
from engine.embed.glove import GloVe, GloVeConfig
from engine.embed.skipgram import SkipGram, SkipGramConfig

TRAINERS = {"skipgram": (SkipGramConfig, SkipGram), "glove": (GloVeConfig, GloVe)}
MAX_STEPS = 100_000


def make_trainer(method: str, corpus: WordCorpus, config=None):
    config_cls, cls = TRAINERS[method]
    return cls(corpus, config if config is not None else config_cls())


def train(method: str, corpus_config: CorpusConfig, config, steps: int):
    """Load the corpus, train `steps` steps (or until it diverges); -> the trainer."""
    trainer = make_trainer(method, load_corpus(corpus_config), config)
    trainer.step(steps)
    return trainer
