"""The status of a graded submission: one type for its name, its severity and its words to students."""
from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    """Declared most serious first: a submission shows the first that applies; its reason lists all."""

    SANDBOX = ("sandbox", "Graded: code tried to reach files or the network outside its sandbox, and failed.",
               "已评分：代码试图访问沙箱之外的文件或网络，未能成功。")
    CRASHED = ("crashed", "Graded in part: a cell ended the Python kernel and was skipped; the rest was graded.",
               "部分评分：某个单元格使 Python 内核退出，已跳过该单元格；其余部分照常评分。")
    MEMORY = ("memory", "Graded: a cell needed more memory than grading allows, and failed.",
              "已评分：某个单元格所需内存超出评分允许的上限，运行失败。")
    TIMEOUT = ("timeout", "Graded in part: a cell ran too long and was stopped; the rest was graded.",
               "部分评分：某个单元格运行时间过长，已被终止；其余部分照常评分。")
    REPAIRED = ("repaired", "Graded, after restoring parts of the notebook from the original lab.",
                "已评分：评分前已按原始实验恢复了笔记本中被改动的部分。")
    OK = ("ok", "Graded.", "已评分。")
    INVALID = ("invalid", "Not graded: the file could not be read as a notebook.",
               "未评分：该文件无法作为笔记本读取。")
    ERROR = ("error", "Not graded: the grader failed on this notebook. Your instructor has been told.",
             "未评分：评分程序在处理该笔记本时出错，已通知你的老师。")

    def __new__(cls, value: str, words: str, words_zh: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.words = words
        member.words_zh = words_zh  # for students who used the Chinese edition
        return member

    def words_in(self, language: str) -> str:
        return self.words_zh if language == "zh" else self.words

    @property
    def severity(self) -> int:
        """0 for the most serious."""
        return list(Status).index(self)

    def __str__(self) -> str:
        return self.value
