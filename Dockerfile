# The procurement service: `procurement serve` (web API, with one worker beside it unless --no-worker) by default,
# `procurement worker` and the other commands on demand; SQLite database and queue in the /data volume unless
# DATABASE_URL (PostgreSQL) and REDIS_URL say otherwise. No image registry is needed: the base is Debian bookworm
# made from Debian's packages by deploy/base-image.sh, and the project is installed from PyPI. As root, with podman:
#   deploy/base-image.sh                            # procurement-base:bookworm, once (docs/operations.md#containers)
#   podman build --format docker -t procurement .   # or `make image`: the base if missing, this, PostgreSQL, Redis
#   podman run -p 8000:8000 -v procurement-data:/data procurement
#   podman run --rm -v procurement-data:/data procurement procurement keys create --role coordinator --name admin
# With PostgreSQL, Redis and two separate workers: compose.yaml. Any base with Python 3.11+ and venv will do:
# --build-arg BASE_IMAGE=... (--format docker keeps the HEALTHCHECK, which the OCI format has no field for).
ARG BASE_IMAGE=procurement-base:bookworm
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DATABASE_URL=sqlite:////data/procurement.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY procurement ./procurement
COPY reports ./reports
COPY api ./api
COPY models ./models
COPY scenarios ./scenarios
RUN python3 -m venv /opt/venv && pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 procurement && mkdir /data && chown procurement /data
USER procurement
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz')"
CMD ["procurement", "serve", "--host", "0.0.0.0", "--port", "8000"]
