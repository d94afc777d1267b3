"""The course's grading pipeline, on top of nbgrader.

- ``python -m autograde release``: regenerate the student labs in ``notebooks/`` from ``solutions/``.
- ``python -m autograde grade ASSIGNMENT SUBMISSIONS``: grade a folder or zip of submissions.
"""
