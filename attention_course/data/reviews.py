"""Plumbing for Chapter 6's text-classification page: a small grammar of movie reviews.

The sentences are generated, so nothing is downloaded, but their labels depend on linguistic
structure that a bag of words cannot see:

- **polarity**: an evaluative clause ("the plot was very dull") has the polarity of its adjective;
  intensifiers ("very", "extremely") do not change it;
- **negation with scope**: a negator ("not", "never", "hardly", "not at all") in front of the
  adjective flips the polarity of *its own clause* only; a negator in a neutral filler clause
  ("i did not read the book first") flips nothing;
- **contrast**: in "C1 but C2" the clause after "but" decides; in "although C1 , C2" and
  "C2 , although C1" the clause *not* introduced by "although" decides;
- neutral **filler clauses** ("we went on a sunday") around the core, so lengths vary (5 to 40 tokens).

The rule, stated once: the label of a review is the polarity of its one *main* evaluative clause,
where the polarity of a clause is that of its adjective, flipped if the clause is negated, and the
main clause is the evaluative clause that is neither introduced by "although" nor followed by a
"but". :func:`label_of` applies this rule to any token list of the grammar; the generator records
the label it meant, and the two agree on every generated review.

Token ids (``attention_course.data.tokens``): ``PAD = 0`` (padding), ``CLS = 1`` (the
classification token), ``UNK = 2``; words follow. Batches are made by
``attention_course.data.batching.collate_classification``. No graded solution lives here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
from torch.utils.data import Dataset

from attention_course.data.tokens import CLS, UNK, reserved

SPECIALS = reserved("CLS", "UNK")

NOUNS = ["plot", "acting", "soundtrack", "ending", "dialogue", "cast", "script", "pacing",
         "story", "camera", "humour", "villain"]
POSITIVE = ["good", "great", "superb", "brilliant", "moving", "funny", "gripping", "charming",
            "clever", "beautiful"]
NEGATIVE = ["bad", "dull", "boring", "awful", "weak", "clumsy", "predictable", "bland", "silly",
            "terrible"]
INTENSIFIERS = ["very", "extremely", "really", "truly", "quite"]
NEGATIONS = [["not"], ["never"], ["hardly"], ["not", "at", "all"]]   # "not at all ADJ": no intensifier
NEGATORS = {"not", "never", "hardly"}
VERBS = ["was", "felt", "seemed"]
CONNECTIVES = {"but", "although"}
# Neutral clauses: no polarity word; some contain a negator whose scope holds no adjective.
FILLERS = [
    "we went on a sunday", "i saw it with my sister", "the cinema was almost empty",
    "it runs for two hours", "the director also wrote the book", "i had seen the trailer",
    "i did not read the book first", "it was not the original cut", "i had never heard of it",
    "the tickets were sold out", "my friend picked it", "it was released last spring",
    "we sat in the front row", "the film is in french", "it is based on a true story",
]
POLARITY = {**{w: 1 for w in POSITIVE}, **{w: -1 for w in NEGATIVE}}
CONSTRUCTIONS = ("plain", "negated", "contrast")
# Roles of the tokens, for reading attention by word category.
ROLES = ("adjective (decides)", "adjective (overruled)", "negator", "intensifier", "connective",
         "verb", "noun", "other core word", "filler")


@dataclass
class Review:
    """One generated review: its tokens, its label (1 positive, 0 negative), how it was built,
    and the role of every token (one of ``ROLES``)."""

    tokens: list[str]
    label: int
    construction: str
    roles: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def _clause(rng: np.random.Generator, polarity: int, negated: bool, decides: bool, noun: str):
    """An evaluative clause about ``noun`` with the given clause polarity (+1/-1) -> (tokens, roles)."""
    adj_polarity = -polarity if negated else polarity
    adj = str(rng.choice(POSITIVE if adj_polarity > 0 else NEGATIVE))
    verb = str(rng.choice(VERBS))
    tokens, roles = ["the", noun, verb], ["other core word", "noun", "verb"]
    negation = NEGATIONS[rng.integers(len(NEGATIONS))] if negated else []
    tokens += negation
    roles += ["negator" if t in NEGATORS else "other core word" for t in negation]
    if negation in ([], ["not"], ["never"]) and rng.random() < 0.4:   # "not very good", no "hardly very"
        tokens.append(str(rng.choice(INTENSIFIERS)))
        roles.append("intensifier")
    tokens.append(adj)
    roles.append("adjective (decides)" if decides else "adjective (overruled)")
    return tokens, roles


def generate_review(rng: np.random.Generator, construction: str | None = None,
                    max_fillers: int = 3, max_len: int = 40) -> Review:
    """One review of at most ``max_len`` tokens; ``construction`` is "plain", "negated" or
    "contrast" (random if None). Up to ``max_fillers`` distinct filler clauses go around the core."""
    if construction is None:
        construction = CONSTRUCTIONS[rng.integers(len(CONSTRUCTIONS))]
    label_polarity = 1 if rng.random() < 0.5 else -1
    noun, other_noun = (str(w) for w in rng.choice(NOUNS, size=2, replace=False))
    if construction in ("plain", "negated"):
        tokens, roles = _clause(rng, label_polarity, construction == "negated", True, noun)
    elif construction == "contrast":
        main = _clause(rng, label_polarity, rng.random() < 0.3, True, noun)
        other = _clause(rng, -label_polarity, rng.random() < 0.3, False, other_noun)  # overruled
        form = rng.integers(3)
        if form == 0:        # C_other but C_main
            tokens = other[0] + ["but"] + main[0]
            roles = other[1] + ["connective"] + main[1]
        elif form == 1:      # although C_other , C_main
            tokens = ["although"] + other[0] + [","] + main[0]
            roles = ["connective"] + other[1] + ["other core word"] + main[1]
        else:                # C_main , although C_other
            tokens = main[0] + [",", "although"] + other[0]
            roles = main[1] + ["other core word", "connective"] + other[1]
    else:
        raise ValueError(f"construction must be one of {CONSTRUCTIONS}, not {construction!r}")
    n_fill = int(rng.integers(0, max_fillers + 1))
    for filler in rng.choice(FILLERS, size=n_fill, replace=False):
        filler = str(filler).split()
        if len(tokens) + len(filler) + 3 > max_len:    # room for the joint and the final "."
            continue
        if rng.random() < 0.5:                          # "F , core"
            tokens = filler + [","] + tokens
            roles = ["filler"] * (len(filler) + 1) + roles
        else:                                           # "core , and F"
            tokens = tokens + [",", "and"] + filler
            roles = roles + ["filler"] * (len(filler) + 2)
    tokens.append(".")
    roles.append("other core word")
    return Review(tokens, int(label_polarity > 0), str(construction), roles)


MIX = ("plain", "negated", "plain", "contrast")   # half plain, a quarter each negated and contrast


def make_reviews(n: int, seed: int, exclude: set[str] | None = None, mix=MIX) -> list[Review]:
    """``n`` reviews whose constructions cycle through ``mix`` (by default half plain, a quarter
    negated, a quarter contrast); labels are balanced in expectation within each construction.

    ``exclude``: texts to leave out (pass the training texts to get a disjoint held-out split).
    """
    rng = np.random.default_rng(seed)
    exclude = exclude or set()
    out: list[Review] = []
    while len(out) < n:
        review = generate_review(rng, mix[len(out) % len(mix)])
        if review.text not in exclude:
            out.append(review)
    return out


def label_of(tokens: list[str]) -> int:
    """The labelling rule of the module docstring, applied to a token list: 1 positive, 0 negative.

    Clauses are split at ",", "and", "but" and "."; a clause is evaluative when it holds a polarity
    adjective, negated when a negator precedes that adjective in the clause. Clauses introduced by
    "although" and clauses followed by a "but" are overruled. Exactly one evaluative clause must remain.
    """
    clauses, current, after_but = [], [], []
    for t in list(tokens) + ["."]:
        if t in {",", "and", "but", "."}:
            if current:
                clauses.append(current)
                after_but.append(t == "but")
            current = []
        else:
            current.append(t)
    # a clause is overruled if a "but" follows it anywhere later in the sentence
    but_after = [any(after_but[j] for j in range(i, len(clauses))) for i in range(len(clauses))]
    main = []
    for clause, overruled in zip(clauses, but_after):
        adjectives = [i for i, t in enumerate(clause) if t in POLARITY]
        if not adjectives or clause[0] == "although" or overruled:
            continue
        (i,) = adjectives
        negated = any(t in NEGATORS for t in clause[:i])
        main.append(POLARITY[clause[i]] * (-1 if negated else 1))
    if len(main) != 1:
        raise ValueError(f"not a review of the grammar ({len(main)} main clauses): {' '.join(tokens)}")
    return int(main[0] > 0)


class Vocabulary:
    """The closed vocabulary of the grammar: ids for tokens and back."""

    def __init__(self, words):
        self.itos = list(SPECIALS) + sorted(set(words) - set(SPECIALS))
        self.stoi = {w: i for i, w in enumerate(self.itos)}

    def __len__(self) -> int:
        return len(self.itos)

    def encode(self, tokens: list[str], add_cls: bool = False) -> np.ndarray:
        ids = [self.stoi.get(t, UNK) for t in tokens]
        return np.array(([CLS] if add_cls else []) + ids, dtype=np.int64)

    def decode(self, ids) -> list[str]:
        return [self.itos[int(i)] for i in ids]


def build_vocabulary() -> Vocabulary:
    words = NOUNS + POSITIVE + NEGATIVE + INTENSIFIERS + VERBS + ["the", "at", "all", ",", ".", "and"]
    words += sorted(NEGATORS | CONNECTIVES)
    for filler in FILLERS:
        words += filler.split()
    return Vocabulary(words)


class ReviewDataset(Dataset):
    """Encoded reviews -> (ids, label) pairs; ``add_cls`` puts CLS at position 0."""

    def __init__(self, reviews: list[Review], vocab: Vocabulary, add_cls: bool = False):
        self.reviews = reviews
        self.ids = [torch.as_tensor(vocab.encode(r.tokens, add_cls)) for r in reviews]
        self.labels = [r.label for r in reviews]

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i):
        return self.ids[i], self.labels[i]


def bag_of_words(reviews: list[Review], vocab: Vocabulary) -> torch.Tensor:
    """(n_reviews, vocab_size) float counts: each review as an unordered multiset of its words."""
    counts = torch.zeros(len(reviews), len(vocab))
    for n, review in enumerate(reviews):
        for i in vocab.encode(review.tokens):
            counts[n, i] += 1
    return counts
