"""Which edition of a lab a student used: English ("en") or Chinese ("zh").

Both editions have the same cells, parts, points and checks (i18n.notebooks translates only the
instructions and the test messages), so one batch grades both into one grades.csv. The language
decides which copy the grader repairs a submission against, which test messages the checker prints,
and the language of the feedback page. It is read from the instructions themselves, so that a
notebook whose metadata an editor stripped is still recognised.
"""
from __future__ import annotations

import re

LANGUAGES = ("en", "zh")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH_WORD = re.compile(r"\b[A-Za-z]{2,}\b")


def detect(nb) -> str:
    """ "zh" when the markdown cells hold more Chinese characters than English words, else "en".
    (The English labs gloss a few terms in Chinese; the Chinese ones keep code and names in English.)"""
    text = "\n".join(cell.get("source", "") for cell in nb.get("cells", []) if cell.get("cell_type") == "markdown")
    return "zh" if len(_CJK.findall(text)) > len(_ENGLISH_WORD.findall(text)) else "en"
