"""`twitchwise user add|list|remove|reset-password|reset-two-step`: the accounts of a multi-user
server. A password is read from a hidden prompt or standard input, and never printed."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from twitchwise.cli.errors import reported

if TYPE_CHECKING:
    from twitchwise.settings import Settings
    from twitchwise.storage.store import Store

user_app = typer.Typer(
    help="Accounts for the multi-user server (serve --accounts): add, list, remove, "
    "reset-password, reset-two-step.",
    no_args_is_help=True,
)
NAME = typer.Argument(help="the account's name: letters, digits, dots, dashes, underscores")
PASSWORD_STDIN = typer.Option("--password-stdin", help="read the password from standard input")


@contextmanager
def _opened() -> Iterator[tuple[Settings, Store]]:
    """The store without the local-mode person: accounts are for the multi-user server."""
    from twitchwise.settings import load_settings
    from twitchwise.storage.store import Store

    settings = load_settings()
    store = Store.open(settings)
    try:
        yield settings, store
    finally:
        store.close()


def _known(store: Store, name: str) -> None:
    from twitchwise.domain.errors import NotFoundError

    with store.accounts() as accounts:
        if name not in accounts.names():
            raise NotFoundError("name", f"there is no account named {name!r}")


def _password(from_stdin: bool) -> str:
    from twitchwise.domain.errors import InputError

    if not from_stdin:
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline()
    if not line:
        raise InputError("--password-stdin", "standard input had no line to read a password from")
    return line.removesuffix("\n").removesuffix("\r")


@user_app.command("add")
def add(
    name: Annotated[str, NAME],
    password_stdin: Annotated[bool, PASSWORD_STDIN] = False,
) -> None:
    """Create an account; asks for the password twice, hidden, unless --password-stdin.

    Example: twitchwise user add alice
    """
    from twitchwise.domain.time import zone

    with reported(), _opened() as (settings, store):
        where = zone(settings.zone_name)
        password = _password(password_stdin)
        now = settings.clock().now(where)
        with store.accounts(write=True) as accounts:
            accounts.add(name, password, zone=settings.zone_name, now=now)
    typer.echo(f"Added the account {name}.")


@user_app.command("list")
def list_users() -> None:
    """Print the accounts' names, one a line.

    Example: twitchwise user list
    """
    with reported(), _opened() as (_settings, store), store.accounts() as accounts:
        names = accounts.names()
    if not names:
        typer.echo("No accounts yet: twitchwise user add NAME", err=True)
    for name in names:
        typer.echo(name)


@user_app.command("remove")
def remove(
    name: Annotated[str, NAME],
    yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")] = False,
) -> None:
    """Erase an account with the person's whole diary, sessions and tokens.

    Example: twitchwise user remove alice --yes
    """
    with reported(), _opened() as (_settings, store):
        _known(store, name)  # before asking anything
        if not yes:
            typer.confirm(
                f"Erase {name} and their whole diary, sessions and API tokens? "
                "This cannot be undone",
                abort=True,
            )
        with store.accounts(write=True) as accounts:
            uploads = accounts.remove(name)
        for upload in uploads:  # an upload still waiting for its import
            upload.unlink(missing_ok=True)
    typer.echo(f"Erased the account {name} and everything it held.")


@user_app.command("reset-password")
def reset_password(
    name: Annotated[str, NAME],
    password_stdin: Annotated[bool, PASSWORD_STDIN] = False,
) -> None:
    """Give someone who forgot their password a new one (after you made sure it is them); their
    sessions end, their diary stays, two-step sign-in stays on.

    Example: twitchwise user reset-password alice
    """
    from twitchwise.domain.time import zone

    with reported(), _opened() as (settings, store):
        _known(store, name)  # before asking anything
        password = _password(password_stdin)
        now = settings.clock().now(zone(settings.zone_name))
        with store.accounts(write=True) as accounts:
            accounts.reset_password(name, password, now)
    typer.echo(f"{name} has a new password; their sessions have ended.")


@user_app.command("reset-two-step")
def reset_two_step(name: Annotated[str, NAME]) -> None:
    """Turn two-step sign-in off for someone who lost both the phone and the recovery codes
    (after you made sure it is them); their sessions end, the password stays.

    Example: twitchwise user reset-two-step alice
    """
    with reported(), _opened() as (_settings, store), store.accounts(write=True) as accounts:
        was_on = accounts.second_factor.reset(name)
    if was_on:
        typer.echo(f"Two-step sign-in is off for {name}; they can sign in with the password.")
    else:
        typer.echo(f"{name} had no two-step sign-in; nothing changed but their sessions ended.")
