"""Plumbing for Chapter 5's fine-tuning walkthrough.

A synthetic language to pretrain on, a classification task built from it, masking for
pretraining, and training / evaluation loops with progress bars. Padding and the classification
collate function are the course's one batching path (``attention_course.data.batching``).
No graded solution lives here.

Token ids (``attention_course.data.tokens``): ``PAD = 0`` (padding), ``CLS = 1`` (the
classification token at position 0, as in BERT), ``MASK = 2`` (masked-token pretraining); words
are ``3 .. vocab_size - 1``.
"""
from __future__ import annotations

import numpy as np
import torch
from torch.utils.data import Dataset

from attention_course.data.batching import pad_batch
from attention_course.data.tokens import CLS, MASK, N_SPECIAL
from attention_course.progress import tqdm


class MarkovLanguage:
    """A toy language: each word may only be followed by ``branching`` of the ``n_words`` words.

    Sentences are random walks on this fixed successor table. The grammar is invisible in any
    single token; it lives in which pairs of neighbours occur, which is what a model has to learn.
    """

    def __init__(self, n_words: int = 20, branching: int = 3, seed: int = 0):
        rng = np.random.default_rng(seed)
        self.n_words = n_words
        self.vocab_size = n_words + N_SPECIAL
        # successors[w] = the words that may follow word w (ids without the special offset)
        self.successors = np.stack([rng.choice(n_words, size=branching, replace=False)
                                    for _ in range(n_words)])
        self.allowed = np.zeros((n_words, n_words), dtype=bool)
        for w, nxt in enumerate(self.successors):
            self.allowed[w, nxt] = True

    def sentence(self, length: int, rng: np.random.Generator) -> np.ndarray:
        """One grammatical sentence of ``length`` word tokens (ids >= N_SPECIAL)."""
        words = [rng.integers(self.n_words)]
        for _ in range(length - 1):
            words.append(rng.choice(self.successors[words[-1]]))
        return np.array(words) + N_SPECIAL

    def is_grammatical(self, tokens: np.ndarray) -> bool:
        w = np.asarray(tokens) - N_SPECIAL
        return bool(np.all(self.allowed[w[:-1], w[1:]]))


def make_corpus_mixture(langs: list[MarkovLanguage], n: int, min_len: int, max_len: int,
                        seed: int) -> tuple[list[np.ndarray], list[int]]:
    """``n`` sentences, each from a language drawn uniformly from ``langs``, prefixed by CLS.

    Returns the sentences and the index of the language that produced each one: the labels of the
    language-identification task (the labels are not used for pretraining).
    """
    rng = np.random.default_rng(seed)
    seqs, labels = [], []
    for _ in range(n):
        which = int(rng.integers(len(langs)))
        words = langs[which].sentence(int(rng.integers(min_len, max_len + 1)), rng)
        seqs.append(np.concatenate([[CLS], words]))
        labels.append(which)
    return seqs, labels


class SequenceDataset(Dataset):
    """Variable-length token sequences with optional integer labels."""

    def __init__(self, seqs: list[np.ndarray], labels: list[int] | None = None):
        self.seqs = [torch.as_tensor(s, dtype=torch.long) for s in seqs]
        self.labels = labels

    def __len__(self) -> int:
        return len(self.seqs)

    def __getitem__(self, i):
        if self.labels is None:
            return self.seqs[i]
        return self.seqs[i], self.labels[i]


def collate_masked_lm(batch, mask_prob: float = 0.15, generator: torch.Generator | None = None):
    """DataLoader collate_fn for masked-token pretraining.

    A fraction ``mask_prob`` of the word tokens (never CLS or PAD; at least one per sequence) is
    replaced by MASK. ``labels`` holds the original token there and -100 (ignored by
    ``F.cross_entropy``) everywhere else.
    """
    tokens, keep = pad_batch(list(batch))
    words = keep & (tokens >= N_SPECIAL)
    chosen = (torch.rand(tokens.shape, generator=generator) < mask_prob) & words
    # at least one masked word per sequence (words sit at positions 1 .. length-1, after CLS)
    n_words = words.sum(dim=1).clamp(min=1)
    pick = 1 + torch.randint(0, 2**30, (len(batch),), generator=generator) % n_words
    chosen[torch.arange(len(batch)), pick] = True
    labels = torch.where(chosen, tokens, torch.full_like(tokens, -100))
    inputs = tokens.masked_fill(chosen, MASK)
    return {"tokens": inputs, "keep": keep, "labels": labels}


def to_device(batch: dict, device) -> dict:
    return {k: v.to(device) for k, v in batch.items()}


def train_epoch(model, loader, optimizer, compute_loss, device, desc: str = "train") -> float:
    """One pass over ``loader``; returns the mean training loss.

    ``compute_loss(model, batch) -> scalar tensor``. Dropout is on (``model.train()``), gradients
    are reset before every backward pass, and the loss is averaged over batches by ``.item()``
    values, so no computation graph is kept alive between steps.
    """
    model.train()
    total, count = 0.0, 0
    for batch in tqdm(loader, desc=desc, leave=False):
        batch = to_device(batch, device)
        optimizer.zero_grad()
        loss = compute_loss(model, batch)
        loss.backward()
        optimizer.step()
        total += loss.item()
        count += 1
    return total / max(count, 1)


@torch.no_grad()
def evaluate(model, loader, compute_logits, device) -> tuple[float, float]:
    """Mean cross-entropy loss and accuracy of a classifier over ``loader``, dropout off.

    ``compute_logits(model, batch) -> (batch, n_classes)``; the loss and the accuracy are averaged
    over examples (not batches), so a smaller last batch is weighted correctly.
    """
    model.eval()
    loss_sum, correct, n = 0.0, 0, 0
    for batch in loader:
        batch = to_device(batch, device)
        logits = compute_logits(model, batch)
        loss_sum += torch.nn.functional.cross_entropy(logits, batch["labels"], reduction="sum").item()
        correct += (logits.argmax(dim=-1) == batch["labels"]).sum().item()
        n += len(batch["labels"])
    return loss_sum / n, correct / n
