"""Batching variable-length sequences: the one padding path of the course.

Everything is built on ``torch.nn.utils.rnn.pad_sequence``: sequences are right-padded to the
longest of *the batch* (not of the data set) and come with ``keep``, True at real elements, the
key mask in the "True = may attend" convention of ``F.scaled_dot_product_attention``.
"""
from __future__ import annotations

import torch
from torch.nn.utils.rnn import pad_sequence

from attention_course.data.tokens import PAD


def pad_batch(seqs: list[torch.Tensor], padding_value=PAD) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pad to the longest sequence of the batch.

    seqs: tensors of shape (length_i, *features). Returns ``padded`` (batch, seq, *features), with
    ``padding_value`` after each sequence's end, and ``keep`` (batch, seq) bool, True at real elements.
    """
    lengths = torch.tensor([len(s) for s in seqs])
    padded = pad_sequence(list(seqs), batch_first=True, padding_value=padding_value)
    keep = torch.arange(padded.shape[1])[None, :] < lengths[:, None]
    return padded, keep


def teacher_forcing(seqs: list[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Sequences [BOS, y_1, ..., y_m, EOS] -> a decoder's inputs and targets, each padded with PAD.

    inputs (batch, seq) = [BOS, y_1, ..., y_m], what the decoder reads (teacher forcing);
    targets (batch, seq) = [y_1, ..., y_m, EOS], what it must predict: the same sequence shifted by one.
    """
    inputs, _ = pad_batch([s[:-1] for s in seqs])
    targets, _ = pad_batch([s[1:] for s in seqs])
    return inputs, targets


def collate_classification(batch):
    """DataLoader collate_fn for (sequence, label) pairs -> dict of batched tensors.

    tokens (batch, seq) long, PAD after each sequence's end; keep (batch, seq) bool, True at real
    tokens; labels (batch,) long.
    """
    seqs, labels = zip(*batch)
    tokens, keep = pad_batch(list(seqs))
    return {"tokens": tokens, "keep": keep, "labels": torch.tensor(labels)}
