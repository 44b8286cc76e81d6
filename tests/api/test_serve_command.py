"""`procurement serve --no-worker`: the web server alone, for deployments whose workers run apart (compose.yaml)."""

from __future__ import annotations

import signal
import subprocess
from typing import Any

import pytest
import uvicorn

from api import commands
from api.settings import Settings
from procurement.cli import build_parser


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The processes `serve` starts, recorded instead of started; uvicorn returns at once."""
    processes: list[list[str]] = []

    class Recorded:
        def __init__(self, command: list[str], **_: Any) -> None:
            processes.append(command)

        def send_signal(self, signum: int) -> None: ...

        def wait(self, timeout: float) -> int:
            return 0

    monkeypatch.setattr(subprocess, "Popen", Recorded)
    monkeypatch.setattr(uvicorn, "run", lambda *_, **__: None)
    monkeypatch.setattr(signal, "signal", lambda *_: None)  # the test process keeps its SIGTERM handler
    return processes


def test_serve_starts_one_worker_beside_the_server(settings: Settings, started: list[list[str]]) -> None:
    commands.serve(settings, "127.0.0.1", 0, workers=2)
    assert [command[3:6] for command in started] == [["worker", "--workers", "2"]]


def test_serve_with_no_worker_starts_no_process(settings: Settings, started: list[list[str]]) -> None:
    commands.serve(settings, "127.0.0.1", 0, workers=None)
    assert started == []


def test_no_worker_flag_reaches_serve_as_no_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(commands, "serve", lambda *args: calls.append(args))
    commands.run_command(build_parser("en").parse_args(["serve", "--no-worker", "--workers", "3"]))
    commands.run_command(build_parser("en").parse_args(["serve", "--workers", "3"]))
    assert [call[3] for call in calls] == [None, 3]
