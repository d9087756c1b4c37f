"""Three sentiment classifiers side by side on the same reviews: which of them can read order?

1. Naive Bayes on bag-of-words with add-k smoothing (engine.naive_bayes): word counts, no order.
2. The average of the review's word embeddings -> linear -> softmax (a tiny torch model): no
   order either. Its embeddings may start from vectors trained elsewhere, e.g. on the Embeddings
   page (`vectors_of(trainer)`): the course's transfer-learning point.
3. The recurrent model: the project's Trainer (an LSTM unless told otherwise) on SentimentTask,
   reading the review left to right and answering at its last word.

All three learn from the same seeded training reviews (the two neural ones even see the same
minibatches, in the same order, for the same number of steps) and are scored on the same held-out
reviews, none of which occurs in the training set: overall and per phrase type
(engine.tasks.sentiment.TYPES). Negated and contrasted reviews reuse the very words of plain ones,
so the two order-blind models cannot get them right; the recurrent one can.
"""
from __future__ import annotations

import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.naive_bayes import NaiveBayes
from engine.seeding import seed_cpu
from engine.tasks.base import Task
from engine.tasks.sentiment import PAD, TYPES, Review, SentimentConfig, SentimentTask
from engine.trainer import Trainer

TRAIN_REVIEWS = 2000
TEST_REVIEWS = 800
STEPS = 600  # minibatches for the neural models; the LSTM needs <= 525 (tests/test_sentiment.py)
SMOOTHING = 1  # Naive Bayes' k (Laplace)
DEFAULT_MODEL = ModelConfig()  # the recurrent model compare() trains unless given another
AVERAGE_DIM = 16  # embedding size of the averaging model when no vectors are given


def make_data(task: SentimentTask, seed: int, train: int = TRAIN_REVIEWS,
              test: int = TEST_REVIEWS) -> tuple[list[Review], list[Review]]:
    """`train` seeded reviews, then `test` different reviews none of which is a training review
    (and none repeated), from the same generator."""
    rng = np.random.default_rng(seed)
    training = task.labelled(rng, train)
    seen, heldout = {r.words for r in training}, []
    for _ in range(20):  # the grammar has thousands of reviews per type: one round nearly always
        for review in task.labelled(rng, test - len(heldout)):
            if review.words not in seen:
                seen.add(review.words)
                heldout.append(review)
    if len(heldout) < test:
        raise SettingError.of("reviews_few", count=len(heldout), train=train)
    return training, heldout


def scores(predicted: list[str], reviews: list[Review]) -> dict:
    """Accuracy overall and per phrase type (None for a type with no review)."""
    hits = np.array([p == r.label for p, r in zip(predicted, reviews)])
    kinds = np.array([r.type for r in reviews])
    by_type = {t: float(hits[kinds == t].mean()) if (kinds == t).any() else None for t in TYPES}
    return {"accuracy": float(hits.mean()), "by_type": by_type}


def naive_bayes(train: list[Review], k=SMOOTHING) -> NaiveBayes:
    """Multinomial Naive Bayes on the training reviews' bags of words."""
    return NaiveBayes(((r.words, r.label) for r in train), k)


class AverageModel(nn.Module):
    """logits = W mean_t(e_{x_t}) + b over the two answers; padding is left out of the mean."""

    def __init__(self, vocab_size: int, pad: int, dim: int = AVERAGE_DIM, vectors=None):
        super().__init__()
        self.pad = pad
        self.embed = nn.Embedding(vocab_size, dim)
        if vectors is not None:
            with torch.no_grad():
                self.embed.weight.copy_(torch.as_tensor(vectors, dtype=torch.float32))
        self.head = nn.Linear(dim, 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """(B, T) ids -> (B, 2) logits: positive, negative."""
        keep = (x != self.pad).unsqueeze(-1).float()
        mean = (self.embed(x) * keep).sum(1) / keep.sum(1).clamp(min=1)
        return self.head(mean)


def vectors_of(trainer) -> dict[str, np.ndarray]:
    """word -> vector of a trained embedding trainer (skip-gram or GloVe, engine.embed)."""
    return dict(zip(trainer.corpus.words, trainer.vectors()))


def start_vectors(task: Task, table: dict, seed: int) -> tuple[np.ndarray, int]:
    """The averaging model's first embedding matrix: the given vector of each vocabulary word
    that has one, small random numbers for the others; -> (matrix, words found)."""
    dims = {len(v) for v in table.values()}
    if len(dims) != 1:
        raise SettingError.of("vectors_length")
    matrix = np.random.default_rng(seed).normal(0, 0.1, (len(task.vocab), dims.pop()))
    found = [i for i, w in enumerate(task.vocab.tokens) if w in table]
    for i in found:
        matrix[i] = table[task.vocab.tokens[i]]
    return matrix, len(found)


class TrainingSet(Task):
    """The task's vocabulary and answers, its batches drawn from a fixed list of reviews."""

    def __init__(self, task: SentimentTask, reviews: list[Review]):
        self.task, self.reviews = task, reviews
        self.name, self.vocab, self.config = task.name, task.vocab, task.config

    def batch(self, rng: np.random.Generator, batch_size: int):
        picks = rng.integers(0, len(self.reviews), size=batch_size)
        return self.task.encode([self.reviews[i] for i in picks])


def _answers(task: SentimentTask, batch) -> torch.Tensor:
    """0 for a positive review, 1 for a negative one (the averaging model's classes)."""
    return torch.from_numpy((batch.y[:, -1] == task.vocab.id(task.labels[1])).astype(np.int64))


def train_average(task: SentimentTask, train: list[Review], steps: int, config: TrainConfig,
                  vectors: np.ndarray | None = None) -> AverageModel:
    """The averaging model trained on the minibatches the recurrent one sees (same seed)."""
    seed_cpu(config.seed)
    model = AverageModel(len(task.vocab), task.vocab.id(PAD),
                         AVERAGE_DIM if vectors is None else vectors.shape[1], vectors)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    data, rng = TrainingSet(task, train), np.random.default_rng(config.seed)
    for _ in range(steps):
        batch = data.batch(rng, config.batch)
        loss = F.cross_entropy(model(torch.from_numpy(batch.x)), _answers(task, batch))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


@torch.no_grad()
def predict_average(model: AverageModel, task: SentimentTask, reviews: list[Review]) -> list[str]:
    classes = model(torch.from_numpy(task.encode(reviews).x)).argmax(-1)
    return [task.labels[int(c)] for c in classes]


@torch.no_grad()
def predict_recurrent(trainer: Trainer, task: SentimentTask, reviews: list[Review]) -> list[str]:
    """The answer the model gives at the last word, between the two labels only (like the other
    two models, it cannot answer anything else)."""
    trainer.model.eval()
    logits, _ = trainer.model(torch.from_numpy(task.encode(reviews).x))
    ids = [task.vocab.id(label) for label in task.labels]
    return [task.labels[int(c)] for c in logits[:, -1, ids].argmax(-1)]


def _result(predicted: list[str], test: list[Review], seconds: float) -> dict:
    """Scores of the predictions with the seconds fitting took (predicting not included)."""
    return {**scores(predicted, test), "seconds": round(seconds, 3)}


def compare(language: str = "english", steps: int = STEPS, seed: int = 0, *,
            train: int = TRAIN_REVIEWS, test: int = TEST_REVIEWS, k=SMOOTHING,
            model_config: ModelConfig = DEFAULT_MODEL, vectors: dict | None = None) -> dict:
    """Fit Naive Bayes, train the averaging and the recurrent model on the same reviews; their
    accuracy overall and per phrase type on the same held-out reviews."""
    task = SentimentTask(SentimentConfig(language=language))
    config = TrainConfig(seed=seed)
    training, heldout = make_data(task, seed, train, test)
    start = None if vectors is None else start_vectors(task, vectors, seed)
    # built before any clock starts: the first torch optimiser pays seconds of one-off imports
    trainer = Trainer(TrainingSet(task, training), model_config, config)

    clock = time.perf_counter()
    bayes = naive_bayes(training, k)
    seconds = time.perf_counter() - clock
    nb = _result([bayes.predict(r.words) for r in heldout], heldout, seconds)
    clock = time.perf_counter()
    model = train_average(task, training, steps, config, None if start is None else start[0])
    seconds = time.perf_counter() - clock
    average = _result(predict_average(model, task, heldout), heldout, seconds)
    average["pretrained_words"] = 0 if start is None else start[1]
    clock = time.perf_counter()
    trainer.step(steps)
    seconds = time.perf_counter() - clock
    recurrent = _result(predict_recurrent(trainer, task, heldout), heldout, seconds)
    recurrent.update(cell=model_config.cell, steps=trainer.state.step, status=trainer.state.status)
    return {"language": language, "seed": seed, "steps": steps, "k": str(k),
            "train_reviews": len(training), "test_reviews": len(heldout),
            "test_by_type": {t: sum(r.type == t for r in heldout) for t in TYPES},
            "examples": {t: next(({"review": " ".join(r.words), "label": r.label}
                                  for r in heldout if r.type == t), None) for t in TYPES},
            "models": {"naive_bayes": nb, "average": average, "recurrent": recurrent}}
