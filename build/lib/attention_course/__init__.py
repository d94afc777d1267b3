"""Helpers shared by the course's book pages and labs.

Only plumbing lives here (environment setup, device choice, plots); no graded solution does.
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
