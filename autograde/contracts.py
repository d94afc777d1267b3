"""What travels between the batch and its workers: a job, and the result of grading it."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from autograde.late import Lateness
from autograde.policy import GradingPolicy
from autograde.status import Status


@dataclass(frozen=True)
class Job:
    """Grade one submission: ``submission`` (a file) of ``student`` in the private folder ``work``."""

    index: int  # position in the batch; also the submission's id inside nbgrader
    student: str  # as the intake found it, Unicode included
    assignment: str
    submission: str
    work: str
    template: str  # a course folder that knows the assignment in ``language`` (``release.prepare_course``)
    policy: GradingPolicy = GradingPolicy()
    language: str = "en"  # the edition the student used (``autograde.language``)

    def to_dict(self) -> dict:
        return {**asdict(self), "policy": self.policy.to_dict()}

    @classmethod
    def from_dict(cls, data: dict) -> "Job":
        return cls(**{**data, "policy": GradingPolicy(**data["policy"])})


@dataclass
class Result:
    """One row of grades.csv, with what the feedback page needs."""

    student: str
    assignment: str
    status: Status = Status.OK
    reason: str = ""
    score: float = 0.0
    max_score: float = 0.0
    cells: dict[str, tuple[float, float]] = field(default_factory=dict)  # grade_id -> (score, max)
    autograded: str | None = None  # the autograded notebook, while the batch's work folder exists
    # Set by the batch after grading (``autograde.report.annotate``); ``score`` is then the final score.
    raw_score: float | None = None  # before the late penalty
    late: Lateness | None = None  # what the late policy did (None: no policy given)
    failed: list[tuple[str, str, str]] | None = None  # failing checks (grade_id, error, message); None: not run
    lms: str = ""  # whose export named the file ("canvas", "moodle", "blackboard"; "" for a plain folder)
    language: str = "en"  # the edition the student used: their feedback page is in it

    def to_dict(self) -> dict:
        return {**asdict(self), "status": self.status.value}

    @classmethod
    def from_dict(cls, data: dict) -> "Result":
        cells = {gid: (float(s), float(m)) for gid, (s, m) in data.get("cells", {}).items()}
        extra = {"late": Lateness.from_dict(data["late"]) if data.get("late") else None,
                 "failed": [tuple(check) for check in data["failed"]] if data.get("failed") is not None else None}
        return cls(**{**data, "status": Status(data["status"]), "cells": cells, **extra})
