"""Checks that must run beside the student's code, in Colab and under the grader alike.

A lab's tests call the student's functions and compare what comes back. A few checks need the
student's objects to act where they live: a backward pass through the student's module, a
training step of the student's optimizer, the peak memory of the student's function. Such a
check is a function decorated with ``@student_side``: in a notebook it is an ordinary call; when
the lab is graded, the grader runs it inside the student's process and only its plain result
(numbers, arrays, tensors) comes back to the test. Its result is therefore one that the student's
code could influence, and the course lists these checks as such.
"""
from __future__ import annotations

import functools

_runner = None  # set by the grader's checker: runs a check inside the student's process


def student_side(function):
    """Run ``function`` beside the student's code; its arguments and result must be plain data
    (or the student's own objects, which stay where they are)."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        if _runner is None:
            return function(*args, **kwargs)
        return _runner(function, args, kwargs)

    return run
