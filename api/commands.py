"""The service's commands behind `procurement serve`, `worker`, `db upgrade`, `keys create` and `users …`."""

from __future__ import annotations

import argparse
import secrets
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence

from fastapi import FastAPI
from sqlalchemy.engine import make_url

from api.accounts import DEFAULT_COORDINATOR, AccountError, check_scope
from api.deps import hash_key
from api.settings import Settings
from api.user_commands import run_users
from models.access import ApiKey, Role
from models.db import make_engine, make_sessions, upgrade
from procurement.files import read_package
from procurement.messages import DEFAULT_LANGUAGE, text

KEY_PREFIX = "pk_"


def create_key(
    settings: Settings, role: str, name: str, coordinator: str | None = None, institution_id: str | None = None
) -> str:
    """Store a new key's hash and return the key itself: it is shown once and cannot be read back."""
    scope = check_scope(role, coordinator, institution_id)
    upgrade(settings.database_url)
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    with make_sessions(make_engine(settings.database_url))() as session:
        session.add(
            ApiKey(
                name=name,
                role=scope.role,
                coordinator=scope.coordinator,
                institution_id=scope.institution_id,
                prefix=secret[:10],
                key_sha256=hash_key(secret),
            )
        )
        session.commit()
    return secret


def run_worker(settings: Settings, workers: int) -> None:
    """Consume runs until SIGINT/SIGTERM: recover stale runs first and keep watching for them."""
    from api.jobs import RunQueue

    upgrade(settings.database_url)
    queue = RunQueue(settings)
    stop = threading.Event()
    threading.Thread(target=queue.watch_stale_runs, args=(stop,), daemon=True).start()
    consumer = queue.huey.create_consumer(workers=workers, worker_type="thread", periodic=False)
    try:
        consumer.run()
    finally:
        stop.set()


def serve(
    settings: Settings, host: str, port: int, workers: int, preload: Sequence[str] = (), lang: str = DEFAULT_LANGUAGE
) -> None:
    """The web server in this process and a worker beside it; preloaded packages become scenarios first."""
    import uvicorn

    from api.main import create_app

    app = create_app(settings)
    for path in preload:
        _preload(app, path, lang)
    worker = subprocess.Popen([sys.executable, "-m", "procurement.cli", "worker", "--workers", str(workers)])
    signal.signal(signal.SIGTERM, _stop)  # uvicorn re-raises the signal it caught: end through `finally`
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)


def _stop(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _preload(app: FastAPI, path: str, lang: str) -> None:
    """Load a package folder or .zip as a scenario of the default coordinating unit, unless its name exists."""
    from api.service import create_scenario, list_scenarios, validate

    package = read_package(path)
    name = validate(package, app.state.settings, "file")[0].name
    loader = ApiKey(id=0, name=f"preloaded from {path}", role=Role.COORDINATOR, coordinator=DEFAULT_COORDINATOR)
    with app.state.sessions() as session:
        existing = list_scenarios(session, loader, False, name, 1, 0)["items"]
        if not any(item["name"] == name for item in existing):
            created = create_scenario(session, app.state.settings, loader, package, "file")
            print(text("cli.preloaded", lang, path=path, id=created["id"], name=name), file=sys.stderr)


def run_command(args: argparse.Namespace) -> int:
    """Dispatch `procurement serve | worker | db upgrade | keys create | users …`."""
    settings = Settings()
    if args.command == "users":
        return run_users(settings, args)
    if args.command == "serve":
        serve(settings, args.host, args.port, args.workers, [str(path) for path in args.load], args.lang)
    elif args.command == "worker":
        run_worker(settings, args.workers)
    elif args.command == "db":
        upgrade(settings.database_url)
        print(text("cli.schema_current", args.lang, url=_safe(settings.database_url)))
    else:
        return _create_key(settings, args)
    return 0


def _create_key(settings: Settings, args: argparse.Namespace) -> int:
    try:
        secret = create_key(settings, args.role, args.name, args.coordinator, args.institution)
    except AccountError as error:
        print(text(error.key, args.lang, **error.params), file=sys.stderr)
        return 2
    created = text(
        "cli.key_created_for" if args.institution else "cli.key_created",
        args.lang,
        role=args.role,
        institution=args.institution,
    )
    print(created, file=sys.stderr)
    print(secret)
    return 0


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
