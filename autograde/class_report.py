"""The class report, ``DIR/report.html``: what the class got, and what to re-teach.

Figures (matplotlib, embedded as base64 PNG with alt text) where a person would rather look:
the score distribution, each part's mean and spread, the status counts, the late submissions;
and the checks that failed most often across the class, each with its count and one example
message (``Result.failed``, read from the autograded notebooks by ``autograde.report.annotate``).
Written from ``results.json``'s rows with a Jinja2 template, as the feedback pages are.
"""
from __future__ import annotations

import base64
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jinja2

from autograde.contracts import Result
from autograde.lab import part_of
from autograde.report import part_scores
from autograde.status import Status


@dataclass
class Figure:
    title: str
    alt: str
    png: str  # base64


@dataclass
class FailedCheck:
    grade_id: str
    part: str
    count: int  # students whose notebook failed it
    example: str  # the most common message


TEMPLATE = jinja2.Environment(autoescape=True).from_string("""\
<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{{ assignment }}: class report</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}img{max-width:100%}\
td,th{padding:0.2em 0.8em;text-align:left;vertical-align:top}</style></head><body>
<h1>{{ assignment }}: class report</h1>
<p>{{ count }} submission(s); mean final score {{ '%.2f' % mean }} / {{ '%g' % top }}{% if late_policy %};
late policy: {{ late_policy }}{% endif %}.</p>
<h2>What to re-teach: the checks that failed most often</h2>
{% if failed %}<table><tr><th>check</th><th>part</th><th>students</th><th>example message</th></tr>
{% for check in failed %}<tr><td><code>{{ check.grade_id }}</code></td><td>{{ check.part }}</td>\
<td class='count'>{{ check.count }}</td><td>{{ check.example }}</td></tr>
{% endfor %}</table>{% else %}<p>No check failed.</p>{% endif %}
{% for figure in figures %}<h2>{{ figure.title }}</h2>
<img src='data:image/png;base64,{{ figure.png }}' alt='{{ figure.alt }}'>
{% endfor %}
</body></html>
""")


def most_failed(results: list[Result], limit: int = 15) -> list[FailedCheck]:
    """The checks (test cells) that failed for the most students, with the most common message."""
    counts: Counter[str] = Counter()
    messages: dict[str, Counter[str]] = {}
    for result in results:
        for grade_id in {gid for gid, _, _ in result.failed or []}:
            counts[grade_id] += 1
        for grade_id, name, message in result.failed or []:
            messages.setdefault(grade_id, Counter())[message or name] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [FailedCheck(gid, part_of(gid), n, messages[gid].most_common(1)[0][0]) for gid, n in ranked]


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90, bbox_inches="tight")
    import matplotlib.pyplot as plt
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def figures(results: list[Result], parts: dict[str, float], failed: list[FailedCheck]) -> list[Figure]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    top = max((r.max_score for r in results), default=0) or 1
    out = []
    scores = [r.score for r in results]
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.hist(scores, bins=min(20, max(5, int(top))), range=(0, top), color="#4477aa", edgecolor="white")
    ax.set(xlabel=f"final score (of {top:g})", ylabel="students", title="Score distribution")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts of students: no 2.5 on the axis
    out.append(Figure("Score distribution", f"Histogram of the final scores of {len(results)} submissions, "
                      f"from {min(scores, default=0):g} to {max(scores, default=0):g} of {top:g}; "
                      f"mean {sum(scores) / max(1, len(scores)):.2f}.", _png(fig)))

    names = list(parts)
    shares = {p: [part_scores(r.cells, parts)[p][0] / parts[p] if parts[p] else 0 for r in results] for p in names}
    means = {p: sum(v) / max(1, len(v)) for p, v in shares.items()}
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.boxplot([shares[p] for p in names], labels=names, showmeans=True)
    ax.bar(range(1, len(names) + 1), [means[p] for p in names], alpha=0.25, color="#228833")
    ax.set(ylabel="share of the part's points", ylim=(-0.05, 1.05), title="Each part: mean (bar) and spread (box)")
    out.append(Figure("Each part", "Mean share of the points per part: " +
                      ", ".join(f"{p} {means[p]:.0%}" for p in names) + ".", _png(fig)))

    statuses = Counter(r.status.value for r in results)
    order = [s.value for s in Status if statuses.get(s.value)]
    fig, ax = plt.subplots(figsize=(7, 0.5 + 0.4 * max(1, len(order))))
    ax.barh(order, [statuses[s] for s in order], color="#aa3377")
    ax.invert_yaxis()
    ax.set(xlabel="submissions", title="Status counts")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    out.append(Figure("Status counts", "Submissions per status: " +
                      ", ".join(f"{s} {statuses[s]}" for s in order) + ".", _png(fig)))

    late = sorted((r for r in results if r.late and r.late.hours_late > 0), key=lambda r: -r.late.hours_late)
    if any(r.late for r in results):
        fig, ax = plt.subplots(figsize=(7, 0.8 + 0.3 * max(1, len(late))))
        if late:
            ax.barh([r.student for r in late], [r.late.hours_late for r in late], color="#ee6677")
            for i, r in enumerate(late):
                ax.text(r.late.hours_late, i, f" -{r.late.penalty:g} pts", va="center", fontsize=8)
            ax.invert_yaxis()
        ax.set(xlabel="hours after the due date", title=f"Late submissions: {len(late)} of {len(results)}")
        out.append(Figure("Late submissions", f"{len(late)} of {len(results)} submissions were late" +
                          (": " + ", ".join(f"{r.student} {r.late.hours_late:.1f} h (-{r.late.penalty:g})"
                                            for r in late) if late else "") + ".", _png(fig)))

    if failed:
        fig, ax = plt.subplots(figsize=(7, 0.8 + 0.3 * len(failed)))
        ax.barh([c.grade_id for c in failed], [c.count for c in failed], color="#ccbb44")
        ax.invert_yaxis()
        ax.set(xlabel="students whose notebook failed it", title="Checks that failed most often")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        out.append(Figure("Checks that failed most often", "Failing checks by number of students: " +
                          ", ".join(f"{c.grade_id} {c.count}" for c in failed) + ".", _png(fig)))
    return out


def write_class_report(results: list[Result], parts: dict[str, float], path: Path,
                       late_policy: str | None = None) -> Path:
    """Write the class report for ``results`` (the whole class) to ``path``."""
    failed = most_failed(results)
    top = max((r.max_score for r in results), default=0)
    html = TEMPLATE.render(assignment=results[0].assignment if results else "", count=len(results),
                           mean=sum(r.score for r in results) / max(1, len(results)), top=top,
                           late_policy=late_policy, failed=failed, figures=figures(results, parts, failed))
    path.write_text(html, encoding="utf-8")
    return path
