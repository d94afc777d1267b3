"""Catalogues of plausible wrong answers, one module per lab (``chNN.py``), each a list ``WRONG``.

Every entry is an edit of the reference answer of its part (the ``<part>-answer`` cell of the lab
source, as a student would type it): the code that changes, and why a student would plausibly write
it. An edit names code, not docstrings or comments, and each piece of code it names must occur in the
reference exactly as often as stated (once unless said otherwise), so a catalogue cannot drift
silently from the reference: when the reference changes, the edit fails loudly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


class EditDoesNotApply(ValueError):
    """An edit names code that is not in the reference (or not as often as stated)."""


@dataclass(frozen=True)
class Wrong:
    """A plausible wrong answer, stated as an edit of the reference answer of ``part``.

    replace: old -> new, applied in order; every occurrence of ``old`` is replaced and there must be
        exactly ``counts.get(old, 1)`` of them. Either side may span several lines (a multi-line
        ``new`` carries its own indentation after its first line).
    delete: pieces of code, each on exactly one line of the reference; that whole line is removed
        (with its comment), after the replacements.
    function: the whole answer instead (a function restructured), only where that is the mistake.
    why: one sentence: why a student would plausibly write this.
    """
    part: str
    name: str
    why: str
    replace: Mapping[str, str] = field(default_factory=dict)
    delete: tuple[str, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)
    function: str | None = None

    def apply(self, reference: str) -> str:
        """The answer cell: ``reference`` with this edit made; raises EditDoesNotApply if it cannot be."""
        if self.function is not None:
            if self.replace or self.delete:
                raise EditDoesNotApply(f"{self}: a whole function replaces the answer; nothing to edit")
            return self.function
        if not (self.replace or self.delete):
            raise EditDoesNotApply(f"{self.part}/{self.name}: the edit changes nothing")
        if set(self.counts) - set(self.replace):
            raise EditDoesNotApply(f"{self.part}/{self.name}: counts for code it does not replace")
        text = reference
        for old, new in self.replace.items():
            found, expected = text.count(old), self.counts.get(old, 1)
            if found != expected:
                raise EditDoesNotApply(
                    f"{self.part}/{self.name}: {old!r} occurs {found} times in the reference, "
                    f"expected {expected}")
            text = text.replace(old, new)
        for code in self.delete:
            lines = text.splitlines(keepends=True)
            hits = [i for i, line in enumerate(lines) if code in line]
            if len(hits) != 1 or text.count(code) != 1:
                raise EditDoesNotApply(
                    f"{self.part}/{self.name}: line to delete {code!r} occurs {text.count(code)} times "
                    f"in the reference, expected 1")
            del lines[hits[0]]
            text = "".join(lines)
        return text


def apply_all(references: dict[str, str], catalogue: list[Wrong]) -> dict[str, dict[str, str]]:
    """part -> name -> answer cell text, every entry of ``catalogue`` applied to its part's reference."""
    answers: dict[str, dict[str, str]] = {}
    for wrong in catalogue:
        cell = f"{wrong.part}-answer"
        if cell not in references:
            raise EditDoesNotApply(f"{wrong.part}/{wrong.name}: the lab has no answer cell {cell!r}")
        part = answers.setdefault(wrong.part, {})
        if wrong.name in part:
            raise EditDoesNotApply(f"{wrong.part}/{wrong.name}: two entries with the same name")
        part[wrong.name] = wrong.apply(references[cell])
    return answers
