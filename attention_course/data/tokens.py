"""Special tokens: one table for every vocabulary of the course.

Every vocabulary reserves its first ``N_SPECIAL = 3`` ids; its words, characters or phones follow.
A token's name means the same id, and is written the same way, in every vocabulary:

=====  ==  ========  ==================================================================
name   id  written   role
=====  ==  ========  ==================================================================
PAD    0   <pad>     padding after a sequence's end (every vocabulary)
BOS    1   <bos>     the start of a decoder's input (translation, speech)
CLS    1   [CLS]     the classification token at position 0 (fine-tuning, reviews)
EOS    2   <eos>     the end of a decoder's output (translation, speech)
MASK   2   [MASK]    a hidden word in masked-token pretraining (fine-tuning)
UNK    2   [UNK]     a word outside a closed vocabulary (reviews)
=====  ==  ========  ==================================================================

Id 1 opens a sequence (BOS for a decoder, CLS for an encoder that classifies); id 2 is the third
reserved token of the task. Tokens that share an id never share a vocabulary (``reserved`` checks).
"""
from __future__ import annotations

PAD = 0
BOS = CLS = 1
EOS = MASK = UNK = 2
N_SPECIAL = 3

IDS = {"PAD": PAD, "BOS": BOS, "CLS": CLS, "EOS": EOS, "MASK": MASK, "UNK": UNK}
WRITTEN = {"PAD": "<pad>", "BOS": "<bos>", "CLS": "[CLS]", "EOS": "<eos>", "MASK": "[MASK]", "UNK": "[UNK]"}


def reserved(*names: str) -> list[str]:
    """How a vocabulary with these special tokens (PAD is implied) writes its first N_SPECIAL ids.

    ``reserved("BOS", "EOS") -> ["<pad>", "<bos>", "<eos>"]``; two tokens with one id are an error.
    """
    slots = ["<pad>"] + [None] * (N_SPECIAL - 1)
    for name in names:
        if slots[IDS[name]] is not None:
            raise ValueError(f"{name} has id {IDS[name]}, already taken by {slots[IDS[name]]}")
        slots[IDS[name]] = WRITTEN[name]
    if None in slots:
        raise ValueError(f"ids {[i for i, s in enumerate(slots) if s is None]} have no token")
    return slots
