# Two commands from a fresh clone: `make run` (the API with the sample purchase) and `make test` (lint + tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SAMPLE := scenarios/sample
OUT := out
PORT ?= 8000

.PHONY: setup run lint format test clean bench screenshots docs image

setup: $(INSTALLED)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		rm -rf $(VENV); \
		echo "python3 -m venv is not available: installing Debian's python3-venv"; \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q python3-venv && $(PYTHON) -m venv $(VENV); }

$(INSTALLED): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

# A coordinator key for programs and, the first time, a coordinator user for people (its password printed once).
run: setup
	@$(BIN)/procurement keys create --role coordinator --name "make run"
	@$(BIN)/procurement users create --username coordinador --name "Coordinación" --role coordinator \
		--generate-password --unless-exists
	@echo "Pages: http://127.0.0.1:$(PORT)/ — sign in as 'coordinador' with the password printed above (the first"
	@echo "time only; to set a new one: $(BIN)/procurement users reset-password coordinador)."
	@echo "API reference: http://127.0.0.1:$(PORT)/docs. Serving with $(SAMPLE) loaded; Ctrl-C stops it."
	$(BIN)/procurement serve --host 127.0.0.1 --port $(PORT) --load $(SAMPLE)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy procurement reports api models tests

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The storage and API tests also run on a throwaway PostgreSQL server that .ci/with-services starts. Most tests wait
# on servers, workers and browsers rather than compute, so TEST_WORKERS processes share them, each test file kept
# on one (its module fixtures built once); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= 4
test: lint
	.ci/with-services $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

# Times every phase and peak memory on the small/medium/national presets against HiGHS alone and CBC
# (about 40 minutes; not part of `make test`). Writes benchmarks/results.md.
bench: setup
	PYTHONPATH=. $(BIN)/python -m benchmarks.run $(BENCH_ARGS)

# docs/scenario-format.md's reference sections (tables, settings, rules) from the declarations in procurement/.
docs: setup
	$(BIN)/python -c 'from procurement.format_docs import update; update("docs/scenario-format.md")'

# The pages in Spanish and English, at desktop and phone width, into docs/screenshots (look at them before committing).
screenshots: setup
	SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest tests/e2e -q -k accessible

# Container images built here from Debian's packages, no registry (as root; docs/operations.md#containers): the
# base once (deploy/base-image.sh, about 2 minutes), then the service, PostgreSQL and Redis; compose.yaml runs them.
BASE_IMAGE ?= procurement-base:bookworm
BUILD := podman build --format docker --build-arg BASE_IMAGE=$(BASE_IMAGE)
image:
	podman image exists $(BASE_IMAGE) || deploy/base-image.sh $(BASE_IMAGE)
	$(BUILD) -t procurement .
	$(BUILD) -t procurement-postgres -f deploy/postgres.Dockerfile deploy
	$(BUILD) -t procurement-redis -f deploy/redis.Dockerfile deploy

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis
