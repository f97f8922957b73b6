# syntax=docker/dockerfile:1
# Stage 1: front-end packages from the npm registry at the versions of package-lock.json.
FROM node:20-slim AS assets
WORKDIR /src
COPY package.json package-lock.json ./
COPY scripts/build_assets.sh scripts/
RUN npm ci --no-audit --no-fund && ./scripts/build_assets.sh

# Stage 2: Python wheels.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml ./
# The project's wheel ships the pure rules packages and the schemas (the atmp-advisor script).
COPY classification/rules classification/rules
COPY pathways/rules pathways/rules
COPY schemas schemas
RUN pip wheel --no-cache-dir --wheel-dir /wheels . \
 && pip download --no-cache-dir --dest /wheels --no-deps "Django>=5.2,<5.3"

# Stage 3: runtime, as a non-root user.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 app
WORKDIR /app
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
COPY --chown=app:app . .
COPY --from=assets --chown=app:app /src/static/vendor static/vendor
RUN DJANGO_DEBUG=False DJANGO_SECRET_KEY=build-only-secret-key-not-used-at-run-time-0123456789abcdef \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/media && chown app:app /app/media
USER app
EXPOSE 8000
CMD ["gunicorn", "atmp_advisor.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--timeout", "10"]
