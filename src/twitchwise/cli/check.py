"""`twitchwise check`: assess one episode, from a JSON file or by asking the questions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from twitchwise.cli.errors import reported

INPUT_HELP = "A JSON assessment request (see docs/cli.md); without it, the questions are asked."


def check(
    input_file: Annotated[
        Path | None, typer.Option("--input", "-i", help=INPUT_HELP, show_default=False)
    ] = None,
    episode: Annotated[
        str | None,
        typer.Option(
            "--episode",
            "-e",
            help="An episode from your diary (e12 or 12); fills the context from it.",
            show_default=False,
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            "-t",
            help="What happened, in your own words; the questions it leaves open are asked.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the result as JSON (the documented shape).")
    ] = False,
) -> None:
    """Assess one twitch or cramp: likely causes, how soon to see a doctor, and a plan.

    Example: twitchwise check --text "calf cramp 25 mins ago, still won't let go"
    """
    from rich.console import Console

    from twitchwise.assessment import assess, parse_request
    from twitchwise.cli.render import banner, show_result
    from twitchwise.domain.errors import InputError
    from twitchwise.knowledge import load_knowledge

    console = Console()
    knowledge = load_knowledge()
    if episode is not None:
        _check_episode(episode, as_json, console, knowledge)
        return
    if text is not None:
        _check_text(text, as_json, knowledge)
        return
    with reported():
        if input_file is not None:
            try:
                text = input_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                reason = getattr(error, "strerror", None) or str(error)
                raise InputError("--input", f"cannot read {input_file}: {reason}") from None
            request = parse_request(text)
        else:
            from twitchwise.cli.interview import EndOfInput, Interview

            prompts = Console(stderr=True) if as_json else console
            interview = Interview(prompts.input, prompts.print, knowledge)
            prompts.print("[bold]twitchwise check[/bold]: press Enter to skip any question.\n")
            try:
                _words_first(interview, prompts, knowledge)
                chosen = interview.warning_signs()
                if interview.needs_emergency(chosen):
                    level = knowledge.levels
                    emergency = next(iter(sorted(level, key=lambda lv: -lv.rank)))
                    prompts.print(banner(emergency, level[emergency].action))
                    go_on = prompts.input("Answer the other questions as well? [dim](y / n)[/dim] ")
                    if go_on.strip().lower() in {"y", "yes"}:
                        interview.details()
                else:
                    interview.details()
            except (EndOfInput, EOFError):
                prompts.print("\n[dim](no more answers: assessing what you gave)[/dim]")
            request = parse_request(interview.request)
        result = assess(request, knowledge)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        show_result(console, result, knowledge)


def _check_episode(episode_id: str, as_json: bool, console: Any, knowledge: Any) -> None:
    """Assess a diary episode with the context and history the diary holds."""
    import json

    from twitchwise.cli.render import show_journal_context, show_result
    from twitchwise.cli.state import opened
    from twitchwise.domain.journal import EntryKind, EntryRef
    from twitchwise.services.checks import check_episode

    with reported():
        ref = EntryRef.parse(episode_id, default=EntryKind.EPISODE)
        with opened(mention_samples=not as_json) as app, app.store.read() as journal:
            checked = check_episode(journal, ref.id, knowledge)
    entry, built, result = checked.episode, checked.built, checked.result
    if as_json:
        from twitchwise.services.checks import check_json

        typer.echo(json.dumps(check_json(checked), indent=2, ensure_ascii=False))
        return
    show_journal_context(console, f"e{entry.id}", built.used, built.history)
    show_result(console, result, knowledge)


def _check_text(text: str, as_json: bool, knowledge: Any) -> None:
    from twitchwise.cli.check_text import run
    from twitchwise.cli.state import clock_only

    with reported():
        now = clock_only()

        def save(checked: Any, answers: Any) -> None:
            _save_words(text, answers, knowledge)

        run(text, as_json, now, knowledge, save)


def _save_words(text: str, answers: Any, knowledge: Any) -> None:
    """The episode and what came before it, with the answers to the questions, into the diary."""
    from twitchwise.cli.state import opened
    from twitchwise.domain.journal import LoggedEpisode
    from twitchwise.quicklog import parse
    from twitchwise.services.diary_words import save_proposed

    with opened() as app:
        log = parse(text, app.now(), knowledge)
        drafts = []
        for proposal in log.proposals:
            entry = proposal.entry
            if isinstance(entry, LoggedEpisode):
                symptoms = list(dict.fromkeys([*entry.symptoms, *answers.yes]))
                absent = list(dict.fromkeys([*entry.symptoms_absent, *answers.no]))
                entry = entry.model_copy(
                    update={
                        "symptoms": tuple(symptoms),
                        "symptoms_absent": tuple(s for s in absent if s not in symptoms),
                    }
                )
            drafts.append(entry)
        with app.store.write() as journal:
            saved = save_proposed(journal, drafts)
    typer.echo("Saved " + (", ".join(str(ref) for ref in saved.refs) or "nothing new"))


def _words_first(interview: Any, prompts: Any, knowledge: Any) -> None:
    """The first question takes words: what they say fills the answers, and only what they left
    open is asked."""
    from twitchwise.cli.state import opened
    from twitchwise.understanding import understand

    words = prompts.input(
        "What happened, in your own words? [dim](or press Enter to answer questions)[/dim] "
    )
    if not words.strip():
        return
    with opened() as app:
        understood = understand(words, app.now(), knowledge)
    if not understood.english:
        prompts.print("twitchwise reads English only for now; the questions follow.")
        return
    request = understood.request()
    if "episode.kind" in understood.assumed:
        request["episode"].pop("kind", None)
    interview.from_words(request)
    for words_not_read in understood.not_understood:
        prompts.print(f'[dim]not understood: "{words_not_read}"[/dim]')
