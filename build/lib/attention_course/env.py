"""Notebook environment: seeding, device choice and a one-line report of the run's mode."""
from __future__ import annotations

import os
import platform
import random

import numpy as np


def seed_everything(seed: int) -> None:
    """Seed Python, NumPy and (if installed) PyTorch so that a notebook reruns identically."""
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch
    except ImportError:
        return
    torch.manual_seed(seed)


def choose_device(device: str = "auto") -> str:
    """Return ``"cuda"`` or ``"cpu"``.

    ``"auto"`` picks CUDA when PyTorch sees a GPU; ``"cuda"`` without a GPU is an error
    rather than a silent fallback, so that a full-mode GPU run never quietly runs on a CPU.
    """
    if device not in ("auto", "cpu", "cuda"):
        raise ValueError(f'DEVICE must be "auto", "cpu" or "cuda", not {device!r}')
    if device == "cpu":
        return "cpu"
    try:
        import torch

        has_cuda = torch.cuda.is_available()
    except ImportError:
        has_cuda = False
    if device == "cuda" and not has_cuda:
        raise RuntimeError('DEVICE="cuda" was asked for, but PyTorch sees no GPU. '
                           'In Colab: Runtime > Change runtime type > GPU; or set DEVICE="auto".')
    return "cuda" if has_cuda else "cpu"


def setup(fast: bool = False, device: str = "auto", seed: int = 0) -> str:
    """Seed everything, set the plot style, choose the device and print what this run is.

    The printed line is how a book page states which mode produced its figures.
    Returns the chosen device name, ``"cpu"`` or ``"cuda"``.
    """
    from attention_course.plotting import use_course_style

    seed_everything(seed)
    use_course_style()
    chosen = choose_device(device)
    versions = [f"Python {platform.python_version()}", f"NumPy {np.__version__}"]
    try:
        import torch

        versions.append(f"PyTorch {torch.__version__}")
    except ImportError:
        pass
    where = "Colab" if "COLAB_RELEASE_TAG" in os.environ else "local"
    mode = "FAST (tiny sizes, for CI)" if fast else "full"
    print(f"Mode: {mode} | device: {chosen} | seed: {seed} | {where} | " + ", ".join(versions))
    return chosen
