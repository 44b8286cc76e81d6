"""compose.yaml wires the api, two workers, PostgreSQL and Redis together (read here; run in docs/operations.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def services() -> dict[str, Any]:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return dict(compose["services"])


def test_compose_runs_the_api_two_workers_postgres_and_redis(services: dict[str, Any]) -> None:
    assert sorted(services) == ["api", "postgres", "redis", "worker"]
    assert services["worker"]["deploy"]["replicas"] == 2
    assert services["worker"]["command"] == ["procurement", "worker"]


def test_the_api_starts_no_worker_of_its_own_beside_the_separate_ones(services: dict[str, Any]) -> None:
    assert services["api"]["command"][:2] == ["procurement", "serve"]
    assert "--no-worker" in services["api"]["command"]


@pytest.mark.parametrize("name", ["api", "worker"])
def test_api_and_workers_reach_the_database_and_queue_services(services: dict[str, Any], name: str) -> None:
    environment = services[name]["environment"]
    database, postgres = urlsplit(environment["DATABASE_URL"]), services["postgres"]["environment"]
    assert (database.scheme, database.hostname, database.path) == ("postgresql+psycopg", "postgres", "/procurement")
    assert (database.username, database.password) == (postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"])
    assert postgres["POSTGRES_DB"] == "procurement"
    assert urlsplit(environment["REDIS_URL"]).hostname == "redis"


def test_every_service_has_a_healthcheck_and_the_data_stays_in_volumes(services: dict[str, Any]) -> None:
    # A shell string: podman-compose 1.0.3 (Debian 12) mangles the quoting of ["CMD", …] and, for a service with
    # replicas, takes the list's first word off for the first container, leaving the second one's check invalid.
    assert all(isinstance(service["healthcheck"]["test"], str) for service in services.values())
    assert services["postgres"]["volumes"] == ["postgres-data:/var/lib/postgresql/data"]
    assert services["redis"]["volumes"] == ["redis-data:/data"]


def test_every_image_is_built_from_a_dockerfile_of_this_tree(services: dict[str, Any]) -> None:
    for service in services.values():
        build = service["build"] if isinstance(service["build"], dict) else {"context": service["build"]}
        assert (ROOT / build["context"] / build.get("dockerfile", "Dockerfile")).is_file()
