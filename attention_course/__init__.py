"""Helpers shared by the course's book pages and labs.

Plumbing lives here (environment setup, device choice, plots, progress bars, measurement), the data
the pages generate (``data``), Chapter 5's training loops (``training``) and the attention module and
blocks that Chapter 5 teaches and its later pages import (``layers``, generated from the book).
"""
from attention_course.env import choose_device, seed_everything, setup
from attention_course.plotting import attention_heatmap, loglog_plot, use_course_style

__all__ = [
    "attention_heatmap",
    "choose_device",
    "loglog_plot",
    "seed_everything",
    "setup",
    "use_course_style",
]
