"""`twitchwise serve`: the web app and the API on this computer (local mode: loopback only)."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from twitchwise.cli.errors import reported

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
FORWARDED_HELP = (
    "the addresses of your HTTPS proxy, comma-separated (e.g. 127.0.0.1): only requests from "
    "them may name the client in X-Forwarded-For. Off by default: the client is whoever "
    "connects, whatever a header says (docs/settings.md)"
)


def server_options(host: str, port: int, forwarded_allow_ips: str) -> dict[str, Any]:
    """What uvicorn is told, explicitly: it trusts X-Forwarded-For / X-Forwarded-Proto only from
    ``forwarded_allow_ips``, and from nobody when it is empty. (uvicorn's own default trusts the
    loopback, or FORWARDED_ALLOW_IPS from the environment: a client on this computer, or a
    proxy that passes the header through, could then pick any address for the sign-in limits.)"""
    trusted = ",".join(part.strip() for part in forwarded_allow_ips.split(",") if part.strip())
    return {
        "host": host,
        "port": port,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted,
        "log_level": "warning",
        "access_log": False,
    }


def serve(
    host: Annotated[
        str, typer.Option(help="the address to listen on (loopback only without --accounts)")
    ] = ("127.0.0.1"),
    port: Annotated[int, typer.Option(min=1, max=65535, help="the port to listen on")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="worker processes serving together")
    ] = 1,
    accounts: Annotated[
        bool,
        typer.Option("--accounts", help="many people, each signing in (or TWITCHWISE_ACCOUNTS=1)"),
    ] = False,
    import_worker: Annotated[
        bool,
        typer.Option(
            "--import-worker/--no-import-worker",
            help="run uploads' imports in these processes too (off: `twitchwise worker` "
            "processes run them; PostgreSQL only)",
        ),
    ] = True,
    forwarded_allow_ips: Annotated[
        str, typer.Option("--forwarded-allow-ips", help=FORWARDED_HELP, show_default=False)
    ] = "",
) -> None:
    """Start the web app: dashboard, log, check, triggers, import, report, guide, and the API.

    Example: twitchwise serve, then open http://127.0.0.1:8000
    """
    from twitchwise.domain.errors import InputError
    from twitchwise.settings import load_settings

    with reported():
        overrides: dict[str, bool] = {"accounts": True} if accounts else {}
        if not import_worker:
            overrides["import_worker"] = False
        settings = load_settings(**overrides)
        if not settings.import_worker and settings.journal_url.startswith("sqlite"):
            raise InputError(
                "--no-import-worker",
                "on SQLite imports run inside twitchwise serve (the journal has one writer); "
                "separate import workers need PostgreSQL (TWITCHWISE_DATABASE_URL)",
            )
        if host not in LOOPBACK_HOSTS and not settings.accounts:
            raise InputError(
                "--host",
                f"{host} is not this computer's loopback address: without accounts the journal "
                "has no password, so it listens on 127.0.0.1 only (add --accounts, and put the "
                "server behind HTTPS)",
            )
        import uvicorn

        from twitchwise.web import create_app

        app = create_app(settings)  # built here too: a wrong setting is reported before serving
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"twitchwise is at http://{shown}:{port}  (Ctrl-C stops it)")
    options = server_options(host, port, forwarded_allow_ips)
    if workers == 1:
        uvicorn.run(app, **options)
        return
    app.state.web.jobs.close()
    if accounts:
        os.environ["TWITCHWISE_ACCOUNTS"] = "1"  # the worker processes read the environment
    if not import_worker:
        os.environ["TWITCHWISE_IMPORT_WORKER"] = "0"
    uvicorn.run("twitchwise.web.asgi:from_environment", factory=True, workers=workers, **options)


def worker() -> None:
    """Run uploads' imports in this process, beside `twitchwise serve --no-import-worker` (or as
    well as the web processes' own workers). PostgreSQL only; it must see the same upload folder
    as the web processes (TWITCHWISE_DATA_DIR). Stops on Ctrl-C or SIGTERM after the import in
    progress.

    Example: twitchwise worker
    """
    import signal
    import threading

    from twitchwise.domain.errors import InputError
    from twitchwise.imports.jobs import ImportJobs
    from twitchwise.settings import load_settings
    from twitchwise.storage.store import Store

    with reported():
        settings = load_settings()
        if settings.journal_url.startswith("sqlite"):
            raise InputError(
                "TWITCHWISE_DATABASE_URL",
                "separate import workers need PostgreSQL; on SQLite twitchwise serve imports "
                "uploads itself",
            )
        store = Store.open(settings)
        jobs = ImportJobs(
            store,
            settings.upload_dir,
            settings.clock(),
            max_bytes=settings.upload_max_bytes,
            max_bytes_per_person=settings.upload_max_bytes_per_person,
        )
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    from twitchwise.services.reminders import Sender

    sender = Sender(store, settings, settings.clock())
    jobs.start()
    if settings.reminders:
        sender.start()  # beside the web processes' own senders: each reminder goes once
    typer.echo("twitchwise worker: importing uploads as they come (Ctrl-C stops it)")
    try:
        stop.wait()
    finally:
        sender.close()
        jobs.close()
        store.close()
    typer.echo("twitchwise worker: stopped")
