"""Late policy: a due date, a penalty per day or per hour started, a cap and a grace period.

``python -m autograde grade ... --due 2026-11-20T23:59:00+01:00 --penalty 10 --per day --cap 50
--grace-minutes 15``: a submission 3 h late loses 10 % of the maximum score, one 26 h late 20 %, one
a week late 50 % (the cap); one 10 minutes late nothing (the grace period). Days or hours are
counted from the due date, each one started counting in full (``ceil``); the grace period only
decides whether a submission is late at all. The penalty is a share of the maximum score, never
more than the points earned (the final score is never below 0).

Where the time comes from (``SubmissionTime.source``), best first:

- the LMS's own submission time: Blackboard's attempt time in the file name, Moodle's
  "Last modified (submission)" from the grading worksheet (``--moodle-worksheet``);
- else the file's modification time, kept from the zip (Canvas marks ``_late_`` in its file
  names but gives no time; the mark is reported next to the time used).

Times without a zone (a zip entry's time, Blackboard's file names, Moodle's worksheet) are read
in the due date's zone: the LMS writes them in the course's local time.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SubmissionTime:
    """When a submission was handed in, and how that is known."""

    when: datetime  # aware where the source has a zone; naive otherwise (read in the due date's zone)
    source: str  # in words: "Blackboard's attempt time in the file name", ...
    marked_late: bool = False  # the LMS marked it late (Canvas's ``_late_`` in the file name)


@dataclass
class Lateness:
    """What the late policy did to one submission; stored in ``Result.late`` and results.json."""

    submitted: str  # ISO 8601, in the due date's zone
    source: str
    hours_late: float  # 0 when on time; may be > 0 within the grace period
    penalty_percent: float  # of the maximum score
    penalty: float  # points taken off
    explanation: str  # one sentence for the student's feedback page

    @classmethod
    def from_dict(cls, data: dict) -> "Lateness":
        return cls(**data)

    def to_dict(self) -> dict:
        return asdict(self)


def parse_due(text: str) -> datetime:
    """An ISO 8601 date and time with its zone (``2026-11-20T23:59:00+01:00`` or ``...Z``)."""
    try:
        due = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"--due {text!r} is not an ISO 8601 date and time, e.g. 2026-11-20T23:59:00+01:00")
    if due.tzinfo is None:
        raise ValueError(f"--due {text!r} has no time zone: write it as 2026-11-20T23:59:00+01:00 (or Z for UTC)")
    return due


@dataclass(frozen=True)
class LatePolicy:
    """The command line's --due, --penalty, --per, --cap and --grace-minutes."""

    due: datetime  # aware
    penalty_percent: float = 10.0  # of the maximum score, per unit started
    per: str = "day"  # "day" or "hour"
    cap_percent: float = 100.0  # at most this share of the maximum score is taken off
    grace_minutes: float = 0.0  # this late still counts as on time

    def __post_init__(self) -> None:
        if self.due.tzinfo is None:
            raise ValueError("the due date needs a time zone")
        if self.per not in ("day", "hour"):
            raise ValueError(f"--per must be day or hour, not {self.per!r}")
        if self.penalty_percent < 0 or not 0 <= self.cap_percent <= 100 or self.grace_minutes < 0:
            raise ValueError("--penalty, --cap (0-100) and --grace-minutes must not be negative")

    def describe(self) -> str:
        grace = f", after a grace period of {self.grace_minutes:g} min" if self.grace_minutes else ""
        return (f"due {self.due.isoformat()}; {self.penalty_percent:g}% of the maximum score per "
                f"{self.per} or part of one{grace}, at most {self.cap_percent:g}%")

    def to_dict(self) -> dict:
        return {**asdict(self), "due": self.due.isoformat()}

    @classmethod
    def from_dict(cls, data: dict) -> "LatePolicy":
        return cls(**{**data, "due": parse_due(data["due"])})

    def assess(self, submitted: SubmissionTime | None, raw_score: float, max_score: float,
               language: str = "en") -> Lateness:
        """The lateness and penalty of one submission scoring ``raw_score`` of ``max_score``; the
        explanation in the student's ``language`` (``en`` or ``zh``: the feedback page's)."""
        words = WORDS.get(language, WORDS["en"])
        if submitted is None:
            return Lateness("", "no submission time known", 0.0, 0.0, 0.0, words["unknown"])
        when = submitted.when if submitted.when.tzinfo else submitted.when.replace(tzinfo=self.due.tzinfo)
        when = when.astimezone(self.due.tzinfo)
        late = when - self.due
        hours = max(0.0, late.total_seconds() / 3600)
        stamp = when.isoformat(timespec="minutes")
        facts = {"stamp": stamp, "source": words["sources"].get(submitted.source, submitted.source),
                 "due": self.due.isoformat(timespec="minutes"), "late": _duration(hours, language),
                 "grace": f"{self.grace_minutes:g}", "marked": words["marked"] if submitted.marked_late else ""}
        if late <= timedelta(0):
            return Lateness(stamp, submitted.source, 0.0, 0.0, 0.0, words["on_time"].format(
                **facts, although=words["although"] if submitted.marked_late else ""))
        if late <= timedelta(minutes=self.grace_minutes):
            return Lateness(stamp, submitted.source, round(hours, 4), 0.0, 0.0, words["grace_period"].format(**facts))
        units = math.ceil(hours / (24 if self.per == "day" else 1) - 1e-9)
        percent = min(self.cap_percent, units * self.penalty_percent)
        penalty = min(raw_score, max_score * percent / 100)
        capped = words["capped"].format(cap=f"{self.cap_percent:g}") \
            if units * self.penalty_percent > self.cap_percent else ""
        explanation = words["penalised"].format(**facts, units=units, per=words[self.per],
                                                plural="s" if units != 1 else "", rate=f"{self.penalty_percent:g}",
                                                capped=capped, percent=f"{percent:g}", points=f"{penalty:g}")
        return Lateness(stamp, submitted.source, round(hours, 4), percent, round(penalty, 6), explanation)


# The explanation on the feedback page, in each edition's words (autograde.feedback.WORDS has the page's own).
WORDS = {
    "en": {
        "unknown": "No submission time was known, so no late penalty was applied.",
        "on_time": "Handed in {stamp} ({source}), before the due date {due}{although}: no late penalty.",
        "although": " although the LMS marked it late",
        "grace_period": "Handed in {stamp} ({source}), {late} after the due date {due}, within the grace period "
                        "of {grace} min: no late penalty.{marked}",
        "penalised": "Handed in {stamp} ({source}), {late} after the due date {due}: {units} {per}{plural} late at "
                     "{rate}% of the maximum score per {per} started{capped}, so {percent}% ({points} points) was "
                     "taken off.{marked}",
        "capped": ", capped at {cap}%",
        "marked": " The LMS marked it late.",
        "day": "day", "hour": "hour",
        "sources": {},
        "min": "{0:.0f} min", "h": "{0:.1f} h", "days": "{0:.1f} days",
    },
    "zh": {
        "unknown": "提交时间未知，因此未扣迟交分。",
        "on_time": "提交于 {stamp}（{source}），早于截止时间 {due}{although}：不扣迟交分。",
        "although": "，尽管 LMS 标记为迟交",
        "grace_period": "提交于 {stamp}（{source}），晚于截止时间 {due} {late}，在 {grace} 分钟的宽限期内：不扣迟交分。"
                        "{marked}",
        "penalised": "提交于 {stamp}（{source}），晚于截止时间 {due} {late}：按迟交规则，每迟交一{per}（不足一{per}按一{per}"
                     "计）扣满分的 {rate}%{capped}，共迟交 {units} {per}，因此扣除 {percent}%（{points} 分）。{marked}",
        "capped": "，最多扣 {cap}%",
        "marked": "LMS 也将其标记为迟交。",
        "day": "天", "hour": "小时",
        # SubmissionTime.source, as autograde.intake and autograde.lms write it
        "sources": {"the file's time kept in the zip": "zip 文件中保存的文件时间",
                    "the file's modification time": "文件的修改时间",
                    "Blackboard's attempt time in the file name": "Blackboard 写在文件名中的提交时间",
                    "Moodle's Last modified (submission)": "Moodle 评分表中的“Last modified (submission)”"},
        "min": "{0:.0f} 分钟", "h": "{0:.1f} 小时", "days": "{0:.1f} 天",
    },
}


def _duration(hours: float, language: str = "en") -> str:
    words = WORDS.get(language, WORDS["en"])
    if hours < 1:
        return words["min"].format(hours * 60)
    if hours < 48:
        return words["h"].format(hours)
    return words["days"].format(hours / 24)
