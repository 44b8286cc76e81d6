# The procurement service: web API and one worker in one container; data (SQLite + queue) in the /data volume.
#   docker build -t procurement .
#   docker run -p 8000:8000 -v procurement-data:/data procurement
#   docker run --rm -v procurement-data:/data procurement procurement keys create --role coordinator --name admin
# With PostgreSQL and Redis, pass DATABASE_URL and REDIS_URL and run more workers with `procurement worker`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_URL=sqlite:////data/procurement.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY procurement ./procurement
COPY reports ./reports
COPY api ./api
COPY models ./models
COPY scenarios ./scenarios
RUN pip install --no-cache-dir . && useradd --create-home --uid 10001 procurement && mkdir /data \
    && chown procurement /data
USER procurement
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz')"
CMD ["procurement", "serve", "--host", "0.0.0.0", "--port", "8000"]
