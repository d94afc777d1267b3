"""The helper package that every notebook imports."""
import os

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from attention_course import attention_heatmap, choose_device, loglog_plot, seed_everything, setup  # noqa: E402


def test_choose_device():
    assert choose_device("cpu") == "cpu"
    assert choose_device("auto") == ("cuda" if torch.cuda.is_available() else "cpu")
    with pytest.raises(ValueError, match="DEVICE must be"):
        choose_device("gpu")
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="sees no GPU"):
            choose_device("cuda")


def test_seeding_makes_runs_repeat():
    seed_everything(3)
    first = (np.random.rand(3), torch.rand(3))
    seed_everything(3)
    second = (np.random.rand(3), torch.rand(3))
    assert np.array_equal(first[0], second[0]) and torch.equal(first[1], second[1])


def test_setup_reports_the_mode(capsys):
    assert setup(fast=True, device="cpu", seed=1) == "cpu"
    assert "Mode: FAST" in capsys.readouterr().out


def test_heatmap_labels_its_tokens():
    weights = np.full((2, 3), 1 / 3)
    ax = attention_heatmap(weights, ["a", "b"], ["x", "y", "z"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "y", "z"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]
    assert len(ax.texts) == 6, "small matrices are annotated with their values"
    with pytest.raises(ValueError, match="2-D"):
        attention_heatmap(np.ones(3))


def test_loglog_plot_uses_log_axes_and_references():
    ax = loglog_plot([1, 10, 100], {"measured": [1, 100, 10_000]}, xlabel="n", ylabel="s",
                     title="t", reference_slopes=(1, 2))
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert len(ax.lines) == 3


def test_progress_bars_are_widgets_for_people_and_absent_from_static_pages():
    import subprocess
    import sys

    code = ("from attention_course.progress import tqdm; bar = tqdm(range(3)); shown = not bar.disable; "
            "assert list(bar) == [0, 1, 2]; print(shown)")
    env = {k: v for k, v in os.environ.items() if k != "ATTENTION_COURSE_NO_PROGRESS"}
    watched = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    static = subprocess.run([sys.executable, "-c", code], env={**env, "ATTENTION_COURSE_NO_PROGRESS": "1"},
                            capture_output=True, text=True, check=True)
    assert watched.stdout.split() == ["True"] and "3/3" in watched.stderr
    assert static.stdout.split() == ["False"] and static.stderr == ""
