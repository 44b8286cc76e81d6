# Redis 7 from Debian's packages, on the same base as the service (no image registry is needed).
#   podman build --format docker -f deploy/redis.Dockerfile -t procurement-redis deploy
# The queue is kept in the /data volume (append-only file), so queued runs outlive a restart.
ARG BASE_IMAGE=procurement-base:bookworm
FROM ${BASE_IMAGE}

RUN apt-get update -q && apt-get install -y -q --no-install-recommends redis-server \
    && rm -rf /var/lib/apt/lists/* \
    && install -d -o redis -g redis /data
USER redis
VOLUME ["/data"]
EXPOSE 6379
HEALTHCHECK --interval=10s --timeout=5s CMD redis-cli ping
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--dir", "/data", "--appendonly", "yes"]
