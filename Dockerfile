# Careers Portal for production: gunicorn serving careers_portal.wsgi on port 8000.
# The same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    WEB_CONCURRENCY=3

# WeasyPrint's system libraries (Pango, HarfBuzz) and fonts for the PDF reports; nothing else:
# psycopg2-binary brings its own libpq.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
# The project itself, without the dev extras; the code stays in /app, beside templates/ and static/.
RUN pip install --no-deps -e . \
    && DEBUG=0 SECRET_KEY=collectstatic-at-build-only python manage.py collectstatic --no-input \
    && useradd --system --uid 1000 --home-dir /app --shell /usr/sbin/nologin portal \
    && mkdir -p /app/var/media /app/var/beat \
    && chown -R portal:portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "careers_portal.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
