"""Trigger analysis: which exposures precede this person's episodes more often than chance.

Pure numpy/scipy over domain objects (STATS.md): ``analyse(diary, definitions)``.
"""

from __future__ import annotations

from twitchwise.analysis.grid import Diary
from twitchwise.analysis.report import analyse

__all__ = ["Diary", "analyse"]
