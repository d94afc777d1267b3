"""Plots used across the course: one style, attention heatmaps with token labels, log-log curves."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np


def use_course_style() -> None:
    """One figure style for the whole course: large fonts and a width that reads on a phone."""
    plt.rcParams.update({
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "font.size": 12,
        "axes.titlesize": 13,
        "axes.labelsize": 12,
        "axes.grid": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
        "image.cmap": "viridis",
    })


def attention_heatmap(weights, query_labels: Sequence[str] | None = None,
                      key_labels: Sequence[str] | None = None, *, ax=None,
                      title: str = "Attention weights", annotate: bool | None = None):
    """Draw attention weights as a heatmap, queries down the rows and keys across the columns.

    weights: array-like of shape (seq_q, seq_k), each row a distribution over keys.
    Returns the matplotlib Axes. Cells are annotated with their values when the matrix is
    small enough for the numbers to be readable (at most 10 x 10), unless ``annotate`` says otherwise.
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim != 2:
        raise ValueError(f"weights must be 2-D (seq_q, seq_k), got shape {w.shape}")
    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.55 * w.shape[1], 0.8 + 0.5 * w.shape[0]))
    image = ax.imshow(w, vmin=0.0, vmax=max(1e-12, float(w.max())), aspect="auto")
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="weight")
    if query_labels is not None:
        ax.set_yticks(range(w.shape[0]), labels=list(query_labels))
    if key_labels is not None:
        ax.set_xticks(range(w.shape[1]), labels=list(key_labels), rotation=45, ha="right")
    ax.set_ylabel("query")
    ax.set_xlabel("key")
    ax.set_title(title)
    if annotate is None:
        annotate = max(w.shape) <= 10
    if annotate:
        threshold = 0.6 * float(w.max())
        for i in range(w.shape[0]):
            for j in range(w.shape[1]):
                ax.text(j, i, f"{w[i, j]:.2f}", ha="center", va="center", fontsize=9,
                        color="black" if w[i, j] > threshold else "white")
    return ax


def loglog_plot(x: Sequence[float], series: Mapping[str, Sequence[float]], *, xlabel: str,
                ylabel: str, title: str, ax=None, reference_slopes: Sequence[float] = ()):
    """Plot one or more measured curves on log-log axes, optionally with reference power laws.

    x: the sizes (e.g. sequence lengths); series: label -> values of the same length as x.
    Each reference slope p draws a dashed line c * x**p through the first point of the first
    series, so that a reader can compare a measured growth rate with n, n**2, ...
    Returns the matplotlib Axes.
    """
    if ax is None:
        _, ax = plt.subplots()
    xs = np.asarray(x, dtype=float)
    for label, values in series.items():
        ax.plot(xs, np.asarray(values, dtype=float), marker="o", label=label)
    if reference_slopes and series:
        first = np.asarray(next(iter(series.values())), dtype=float)
        for p, style in zip(reference_slopes, ["--", ":", "-."] * len(reference_slopes)):
            ax.plot(xs, first[0] * (xs / xs[0]) ** p, linestyle=style, color="gray", linewidth=1.2,
                    label=f"slope {p:g} reference")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend()
    return ax
