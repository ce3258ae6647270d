"""`twitchwise guide [TOPIC]`: the knowledge base, readable in the terminal, with its sources."""

from __future__ import annotations

from typing import Annotated

import typer

from twitchwise.cli.errors import reported

TOPIC_HELP = "causes, warning-signs, prevention, medicines, sources, or a cause family id"


def guide(
    topic: Annotated[str | None, typer.Argument(help=TOPIC_HELP, show_default=False)] = None,
) -> None:
    """Read what twitchwise knows: causes, warning signs, prevention, with sources.

    Example: twitchwise guide warning-signs
    """
    from rich.console import Console

    from twitchwise.cli.render import show_page, show_topics
    from twitchwise.guide import page, topics
    from twitchwise.knowledge import load_knowledge

    console = Console()
    knowledge = load_knowledge()
    with reported():
        if topic is None:
            show_topics(console, topics(knowledge))
            return
        show_page(console, page(knowledge, topic))
