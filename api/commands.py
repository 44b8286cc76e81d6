"""The service's commands behind `procurement serve`, `worker`, `db upgrade`, `keys …` and `users …`."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

from fastapi import FastAPI
from sqlalchemy.engine import make_url

from api.accounts import DEFAULT_COORDINATOR
from api.key_commands import run_keys
from api.settings import Settings
from api.user_commands import run_users
from models.access import ApiKey, Role
from models.db import upgrade
from procurement.files import read_package
from procurement.messages import DEFAULT_LANGUAGE, text


def run_worker(settings: Settings, workers: int, parent: int | None = None) -> None:
    """Consume jobs (runs and comparisons) until SIGINT/SIGTERM (or until process `parent` ends): recover stale jobs
    first and keep watching for them."""
    from api.jobs import JobQueue

    # Huey's consumer says which task each worker executes, and how long it took, on standard error (container logs).
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    upgrade(settings.database_url)
    queue = JobQueue(settings)
    stop = threading.Event()
    threading.Thread(target=queue.watch_stale_jobs, args=(stop,), daemon=True).start()
    if parent is not None:
        threading.Thread(target=_stop_with, args=(parent,), daemon=True).start()
    if settings.redis_url:
        queue.helpers.start(workers)  # ready to take pieces of other workers' jobs (api.sharing)
    consumer = queue.huey.create_consumer(workers=workers, worker_type="thread", periodic=False)
    try:
        consumer.run()
    finally:
        stop.set()


def _stop_with(parent: int) -> None:
    """Stop as on SIGTERM once process `parent` is no longer this one's parent: `serve`'s worker ends with the
    server even when the server is killed outright (SIGKILL), so a restart never leaves two workers beside it."""
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)


def serve(
    settings: Settings,
    host: str,
    port: int,
    workers: int | None,
    preload: Sequence[str] = (),
    lang: str = DEFAULT_LANGUAGE,
) -> None:
    """The web server in this process and a worker beside it (none when `workers` is None: separate workers
    solve the runs); preloaded packages become scenarios first."""
    import uvicorn

    from api.main import create_app

    app = create_app(settings)
    for path in preload:
        _preload(app, path, lang)
    worker = None if workers is None else _start_worker(workers)
    signal.signal(signal.SIGTERM, _stop)  # uvicorn re-raises the signal it caught: end through `finally`
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        if worker is not None:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)


def _start_worker(workers: int) -> subprocess.Popen[bytes]:
    """`procurement worker` as a child that ends with this process."""
    command = ["worker", "--workers", str(workers), "--parent", str(os.getpid())]
    return subprocess.Popen([sys.executable, "-m", "procurement.cli", *command])


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
    """Dispatch `procurement serve | worker | db upgrade | keys … | users …`."""
    settings = Settings()
    if args.command == "users":
        return run_users(settings, args)
    if args.command == "keys":
        return run_keys(settings, args)
    if args.command == "serve":
        workers = None if args.no_worker else args.workers
        serve(settings, args.host, args.port, workers, [str(path) for path in args.load], args.lang)
    elif args.command == "worker":
        run_worker(settings, args.workers, args.parent)
    else:
        upgrade(settings.database_url)
        print(text("cli.schema_current", args.lang, url=_safe(settings.database_url)))
    return 0


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)
