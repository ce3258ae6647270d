"""twitchwise: why do my legs twitch or cramp? Answers from one person's own data, honestly triaged.

The library API:

    from twitchwise import assess, parse_request, load_knowledge
    result = assess(parse_request(json_text))

Names are loaded on first use, so ``import twitchwise.cli`` stays quick to start.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twitchwise.assessment import assess, parse_request
    from twitchwise.domain.assessment import AssessmentRequest, AssessmentResult, TriageLevel
    from twitchwise.domain.errors import InputError, KnowledgeError, TwitchwiseError
    from twitchwise.knowledge import Knowledge, load_knowledge

__version__ = "0.1.0"

_HOMES = {
    "assess": "twitchwise.assessment",
    "parse_request": "twitchwise.assessment",
    "AssessmentRequest": "twitchwise.domain.assessment",
    "AssessmentResult": "twitchwise.domain.assessment",
    "TriageLevel": "twitchwise.domain.assessment",
    "InputError": "twitchwise.domain.errors",
    "KnowledgeError": "twitchwise.domain.errors",
    "TwitchwiseError": "twitchwise.domain.errors",
    "Knowledge": "twitchwise.knowledge",
    "load_knowledge": "twitchwise.knowledge",
}

__all__ = [
    "AssessmentRequest",
    "AssessmentResult",
    "InputError",
    "Knowledge",
    "KnowledgeError",
    "TriageLevel",
    "TwitchwiseError",
    "__version__",
    "assess",
    "load_knowledge",
    "parse_request",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        value = getattr(import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'twitchwise' has no attribute {name!r}")
