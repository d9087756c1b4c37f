"""One-to-many generation: sample whole names from <s>, and say how new and how valid they are.

The course's dinosaur-name exercise asks two things of a sampled name: did the model make it up
(or recite its training list), and does it look like a name? The names task answers both
exactly: the training list is known, and its grammar's recogniser decides what is valid.
"""
from __future__ import annotations

from collections import Counter

import torch

from engine.fields import SettingError
from engine.lm import ModelDiverged, weights_finite
from engine.tasks.names import END, START, NamesTask

MAX_NAME_CHARS = 30  # a sample still going after this many characters is cut there
EXAMPLES = 12        # distinct samples listed in a report


@torch.no_grad()
def sample_names(model, task: NamesTask, n: int, temperature: float = 1.0,
                 seed: int = 0) -> list[str]:
    """n names, all drawn side by side: each starts from <s> (and a zero state), every next
    token is drawn from softmax(logits / temperature), and the name ends at </s>, or after
    MAX_NAME_CHARS characters (longer than any name the grammars make, so such a sample is
    invalid). A <s> drawn inside a name stays in its text as "<s>": a mistake, shown as one.
    Seeded: the same model, n, temperature and seed give the same names."""
    if not 0.01 <= temperature <= 10:
        raise SettingError.of("temperature")
    if not weights_finite(model):
        raise ModelDiverged.of("diverged_weights")
    gen = torch.Generator().manual_seed(seed)
    end = task.vocab.id(END)
    model.eval()
    x, state, drawn = torch.full((n, 1), task.vocab.id(START)), None, []
    done = torch.zeros(n, dtype=torch.bool)  # rows that have drawn their </s>
    for _ in range(MAX_NAME_CHARS + 1):  # MAX_NAME_CHARS tokens, one more for </s>
        logits, state = model(x, state)
        # in float64, so that huge but finite logits / 0.01 do not overflow to inf
        probs = torch.softmax(logits[:, -1].double() / temperature, dim=-1)
        if not torch.isfinite(probs).all():
            raise ModelDiverged.of("diverged_outputs")
        x = torch.multinomial(probs, 1, generator=gen)
        drawn.append(x)
        done |= x[:, 0] == end
        if bool(done.all()):
            break
    return [_text(row, task, end) for row in torch.cat(drawn, dim=1).tolist()]


def _text(ids: list[int], task: NamesTask, end: int) -> str:
    """The name a row of drawn ids spells: its tokens before the first </s>, at most
    MAX_NAME_CHARS of them."""
    ids = ids[:ids.index(end)] if end in ids else ids
    return "".join(task.vocab.decode(ids[:MAX_NAME_CHARS]))


def novelty_report(samples: list[str], task: NamesTask) -> dict:
    """How new, valid and repeated the samples are; every count counts samples, copies included.

    n:        the number of samples
    new:      samples not in the task's training names (a held-out name counts as new: the
              model never saw it)
    valid:    samples the task's grammar recogniser accepts (task.is_valid)
    repeated: samples whose exact text occurs more than once among the samples (every copy
              counts: three "tandon" add 3)
    share_*:  each count / n (0.0 when there are no samples)
    examples: the first EXAMPLES different samples, in order of first appearance, each
              {"name", "count", "new", "valid"}"""
    counts = Counter(samples)
    n = len(samples)
    new = sum(c for s, c in counts.items() if not task.is_known(s))
    valid = sum(c for s, c in counts.items() if task.is_valid(s))
    repeated = sum(c for c in counts.values() if c > 1)
    examples = [{"name": s, "count": c, "new": not task.is_known(s), "valid": task.is_valid(s)}
                for s, c in list(counts.items())[:EXAMPLES]]
    return {"n": n, "new": new, "valid": valid, "repeated": repeated,
            "share_new": new / n if n else 0.0, "share_valid": valid / n if n else 0.0,
            "share_repeated": repeated / n if n else 0.0, "examples": examples}
