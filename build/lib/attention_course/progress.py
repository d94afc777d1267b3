"""Progress bars: tqdm's notebook widget while someone watches, none in the book's static pages.

A widget in a saved notebook needs JavaScript from a CDN to render, and then shows only the final
bar; offline it shows nothing and fills the browser console with errors. `make book` and the tests
set ATTENTION_COURSE_NO_PROGRESS=1, so the HTML carries no widgets; Colab and Jupyter get the bars.
"""
from __future__ import annotations

import functools
import os

if os.environ.get("ATTENTION_COURSE_NO_PROGRESS"):
    from tqdm.std import tqdm as _tqdm

    tqdm = functools.partial(_tqdm, disable=True)
else:
    from tqdm.auto import tqdm

__all__ = ["tqdm"]
