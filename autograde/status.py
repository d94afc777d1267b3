"""The status of a graded submission: one type for its name, its severity and its words to students."""
from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    """Declared most serious first: a submission shows the first that applies; its reason lists all."""

    SANDBOX = ("sandbox", "Graded: code tried to reach files or the network outside its sandbox, and failed.")
    CRASHED = ("crashed", "Graded in part: a cell ended the Python kernel and was skipped; the rest was graded.")
    MEMORY = ("memory", "Graded: a cell needed more memory than grading allows, and failed.")
    TIMEOUT = ("timeout", "Graded in part: a cell ran too long and was stopped; the rest was graded.")
    REPAIRED = ("repaired", "Graded, after restoring parts of the notebook from the original lab.")
    OK = ("ok", "Graded.")
    INVALID = ("invalid", "Not graded: the file could not be read as a notebook.")
    ERROR = ("error", "Not graded: the grader failed on this notebook. Your instructor has been told.")

    def __new__(cls, value: str, words: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.words = words
        return member

    @property
    def severity(self) -> int:
        """0 for the most serious."""
        return list(Status).index(self)

    def __str__(self) -> str:
        return self.value
