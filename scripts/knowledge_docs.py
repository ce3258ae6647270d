"""Write the tables of docs/knowledge-sources.md that come from the knowledge files: the triage
table from red_flags.toml and the warning signs' questions from words.toml (the rows between each
"generated from" marker and the next blank line). tests/test_docs.py checks the file equals what
this writes.

Usage: .venv/bin/python scripts/knowledge_docs.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

from twitchwise.knowledge import Knowledge, load_knowledge

DOC = Path(__file__).resolve().parent.parent / "docs" / "knowledge-sources.md"
MARKER = "<!-- generated from red_flags.toml; scripts/knowledge_docs.py writes it -->"
SIGNS_MARKER = "<!-- generated from words.toml; scripts/knowledge_docs.py writes it -->"


def triage_table(knowledge: Knowledge) -> str:
    rows = ["| flag | level | raised when | sources |", "|---|---|---|---|"]
    for flag in knowledge.flags:
        rows.append(
            f"| `{flag.id}` | {flag.level.value} | {flag.sign} | {', '.join(flag.sources)} |"
        )
    return "\n".join(rows) + "\n"


def signs_table(knowledge: Knowledge) -> str:
    rows = ["| sign | up to | the question asked | sources |", "|---|---|---|---|"]
    for sign, words in knowledge.words.signs.items():
        level = knowledge.sign_level(sign).value
        rows.append(f"| `{sign.value}` | {level} | {words.question} | {', '.join(words.sources)} |")
    return "\n".join(rows) + "\n"


def _replaced(document: str, marker: str, table: str) -> str:
    start = document.index(marker) + len(marker) + 1
    end = document.index("\n\n", start) + 1
    return document[:start] + table + document[end:]


def with_table(document: str, knowledge: Knowledge) -> str:
    document = _replaced(document, MARKER, triage_table(knowledge))
    return _replaced(document, SIGNS_MARKER, signs_table(knowledge))


def main(argv: list[str]) -> int:
    document = DOC.read_text(encoding="utf-8")
    wanted = with_table(document, load_knowledge())
    if "--check" in argv:
        return 0 if wanted == document else 1
    DOC.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
