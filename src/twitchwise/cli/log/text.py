"""`twitchwise log "TEXT"`: plain language, shown back as entries and saved on confirmation.

Words it did not understand are kept in the episode's note (or a note of their own) and shown; a
warning sign in the words is shown first, before anything is saved."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from twitchwise.cli.errors import reported
from twitchwise.cli.log.group import log_app
from twitchwise.domain.wording import counted


@log_app.command("text", hidden=True)
def quick(
    words: Annotated[list[str], typer.Argument(help="what happened, in plain words")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="save without asking")] = False,
) -> None:
    """Log in plain language; the entries are shown for confirmation before saving."""
    from twitchwise.cli.state import opened
    from twitchwise.quicklog import parse
    from twitchwise.services.diary_words import save_proposed

    text = " ".join(words)
    with reported(), opened() as app:
        now = app.now()
        result = parse(text, now)
        _warn(text, now)
        for proposal in result.proposals:
            typer.echo(f"  + {proposal.summary}    [from: {proposal.phrase}]")
        for phrase in result.not_understood:
            typer.echo(f"  ? not understood (kept in the note): {phrase}")
        profile = _profile_offer(result.profile)
        if not yes and not typer.confirm(
            f"Save {counted(len(result.proposals), 'entry')}?", default=not result.not_understood
        ):
            typer.echo("Nothing saved.")
            return
        keep_profile = profile and (yes or typer.confirm(f"Save to your profile: {profile}?"))
        with app.store.write() as journal:
            drafts = [p.entry for p in result.proposals]
            saved = save_proposed(journal, drafts, profile=result.profile if keep_profile else None)
        line = "Saved " + (", ".join(str(ref) for ref in saved.refs) or "nothing new")
        if saved.already:
            line += f" ({saved.already} already in the diary)"
        typer.echo(line + (f"; profile: {profile}" if keep_profile else ""))


def _warn(text: str, now: Any) -> None:
    """A warning sign in the words that needs a doctor today or sooner: its banner first, before
    anything is saved."""
    from rich.console import Console

    from twitchwise.assessment.from_text import check_text
    from twitchwise.cli.render import banner
    from twitchwise.domain.assessment import TriageLevel
    from twitchwise.knowledge import load_knowledge

    triage = check_text(text, now, load_knowledge()).result.triage
    if triage.level.rank >= TriageLevel.URGENT.rank:
        Console().print(banner(triage.level, triage.action))


def _profile_offer(profile: dict[str, Any]) -> str:
    words = []
    if "birth_year" in profile:
        words.append(f"born {profile['birth_year']}")
    for key in ("sex", "pregnant", "conditions"):
        if key in profile:
            value = profile[key]
            words.append(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
    return "; ".join(words)
