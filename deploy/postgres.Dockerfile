# PostgreSQL 15 from Debian's packages, on the same base as the service (no image registry is needed).
#   podman build --format docker -f deploy/postgres.Dockerfile -t procurement-postgres deploy
# POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB make the role and database on the first start
# (deploy/postgres-entrypoint.sh); the cluster lives in the /var/lib/postgresql/data volume.
ARG BASE_IMAGE=procurement-base:bookworm
FROM ${BASE_IMAGE}

# The package's own cluster (main) is not made: the entrypoint makes one in the volume.
RUN mkdir -p /etc/postgresql-common/createcluster.d \
    && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/no-main.conf \
    && apt-get update -q && apt-get install -y -q --no-install-recommends postgresql-15 \
    && rm -rf /var/lib/apt/lists/* \
    && install -d -o postgres -g postgres -m 0700 /var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
USER postgres
VOLUME ["/var/lib/postgresql/data"]
EXPOSE 5432
HEALTHCHECK --interval=10s --timeout=5s CMD pg_isready -h 127.0.0.1 -q
STOPSIGNAL SIGINT
ENTRYPOINT ["postgres-entrypoint.sh"]
