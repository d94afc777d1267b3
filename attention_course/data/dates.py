"""Data for Chapter 6's translation page: human-readable dates to ISO 8601, generated offline.

A source sentence is a date written in one of ten human formats ("tuesday, 3 march 1987",
"3/3/87", "march 3rd, 1987", ...); its translation is the ISO form "1987-03-03". Dates run from
1950-01-01 to 2049-12-31, so that a two-digit year is unambiguous (50..99 -> 19yy, 00..49 -> 20yy).
The held-out split is by *date*: no test date appears in the training data in any format.

Both sides are read character by character. Token ids (``attention_course.data.tokens``):
``PAD = 0``, ``BOS = 1``, ``EOS = 2``, characters from 3 on (separate vocabularies for the source
and the target).
No graded solution lives here.
"""
from __future__ import annotations

import datetime as _dt

import numpy as np
import torch
from torch.utils.data import Dataset

from attention_course.data.batching import pad_batch, teacher_forcing
from attention_course.data.tokens import BOS, EOS, PAD, reserved

SPECIALS = reserved("BOS", "EOS")

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

FIRST_DATE = _dt.date(1950, 1, 1)
LAST_DATE = _dt.date(2049, 12, 31)


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 3 -> '3rd', 11 -> '11th', 22 -> '22nd'."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# name -> function(date) -> human-readable string. Day and month come in every order.
FORMATS = {
    "d month yyyy": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "weekday, d month yyyy": lambda d: f"{WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month - 1]} {d.year}",
    "month d, yyyy": lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    "month dth, yyyy": lambda d: f"{MONTHS[d.month - 1]} {ordinal(d.day)}, {d.year}",
    "dth of month yyyy": lambda d: f"{ordinal(d.day)} of {MONTHS[d.month - 1]} {d.year}",
    "dd mon yyyy": lambda d: f"{d.day:02d} {MONTHS[d.month - 1][:3]} {d.year}",
    "mon d yyyy": lambda d: f"{MONTHS[d.month - 1][:3]} {d.day} {d.year}",
    "wkd mon dd yyyy": lambda d: f"{WEEKDAYS[d.weekday()][:3]} {MONTHS[d.month - 1][:3]} {d.day:02d} {d.year}",
    "m/d/yy": lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}",
    "dd.mm.yyyy": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
}

SOURCE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789 ,./"
TARGET_CHARS = "0123456789-"


def iso(d: _dt.date) -> str:
    """The target: ISO 8601, 'yyyy-mm-dd'."""
    return d.isoformat()


def all_dates() -> list[_dt.date]:
    """Every date from FIRST_DATE to LAST_DATE (36,525 days)."""
    n = (LAST_DATE - FIRST_DATE).days + 1
    return [FIRST_DATE + _dt.timedelta(days=i) for i in range(n)]


def split_dates(test_fraction: float = 0.1, seed: int = 0) -> tuple[list[_dt.date], list[_dt.date]]:
    """A random split of all dates into (train_dates, test_dates); the two lists share no date."""
    dates = all_dates()
    order = np.random.default_rng(seed).permutation(len(dates))
    n_test = int(round(test_fraction * len(dates)))
    test = sorted(dates[i] for i in order[:n_test])
    train = sorted(dates[i] for i in order[n_test:])
    return train, test


def make_examples(dates: list[_dt.date], n: int, seed: int,
                  formats: list[str] | None = None) -> list[tuple[str, str, str]]:
    """``n`` examples (source, target, format name): a random date of ``dates`` in a random format."""
    names = list(FORMATS) if formats is None else list(formats)
    rng = np.random.default_rng(seed)
    out = []
    for i, f in zip(rng.integers(len(dates), size=n), rng.integers(len(names), size=n)):
        d, name = dates[int(i)], names[int(f)]
        out.append((FORMATS[name](d), iso(d), name))
    return out


class CharVocab:
    """Characters <-> ids, with PAD = 0, BOS = 1, EOS = 2 and the characters from 3 on."""

    def __init__(self, chars: str):
        self.itos = SPECIALS + list(chars)
        self.stoi = {c: i for i, c in enumerate(self.itos)}

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, text: str, bos: bool = False, eos: bool = False) -> list[int]:
        ids = [self.stoi[c] for c in text]
        return ([BOS] if bos else []) + ids + ([EOS] if eos else [])

    def decode(self, ids) -> str:
        """Ids -> text; stops at the first EOS, skips PAD and BOS."""
        out = []
        for i in (int(t) for t in ids):
            if i == EOS:
                break
            if i not in (PAD, BOS):
                out.append(self.itos[i])
        return "".join(out)

    def labels(self, ids) -> list[str]:
        """One readable label per id, for heatmap axes (a space is shown as '␣')."""
        return ["␣" if self.itos[int(i)] == " " else self.itos[int(i)] for i in ids]


SRC_VOCAB = CharVocab(SOURCE_CHARS)
TGT_VOCAB = CharVocab(TARGET_CHARS)


class DateDataset(Dataset):
    """Examples (source, target, format) -> dicts of token id tensors.

    src: (seq_s,) source characters, no BOS/EOS; tgt: (seq_t + 2,) = [BOS, target chars..., EOS].
    """

    def __init__(self, examples: list[tuple[str, str, str]]):
        self.examples = examples
        self.src = [torch.tensor(SRC_VOCAB.encode(s), dtype=torch.long) for s, _, _ in examples]
        self.tgt = [torch.tensor(TGT_VOCAB.encode(t, bos=True, eos=True), dtype=torch.long)
                    for _, t, _ in examples]

    def __len__(self) -> int:
        return len(self.examples)

    def __getitem__(self, i):
        return {"src": self.src[i], "tgt": self.tgt[i], "index": i}


def collate(batch: list[dict]) -> dict:
    """Pad a list of DateDataset items into one batch.

    Returns src (batch, seq_s) padded with PAD; src_keep (batch, seq_s) bool, True at real
    characters; src_len (batch,); tgt_in (batch, seq_t) = [BOS, y_1, ..., y_m] and tgt_out
    (batch, seq_t) = [y_1, ..., y_m, EOS], the same sequence shifted by one, padded with PAD;
    index (batch,) the example numbers.
    """
    src, src_keep = pad_batch([b["src"] for b in batch])
    tgt_in, tgt_out = teacher_forcing([b["tgt"] for b in batch])
    return {
        "src": src,
        "src_keep": src_keep,
        "src_len": src_keep.sum(1),
        "tgt_in": tgt_in,
        "tgt_out": tgt_out,
        "index": torch.tensor([b["index"] for b in batch]),
    }
