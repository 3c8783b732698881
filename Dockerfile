# Production image: gunicorn serves the app, whitenoise serves static files.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 MOCUA_ENV=production \
    STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/data/media MOCUA_VAR_DIR=/data/var
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-liberation2 fontconfig \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Hashed, compressed static files (whitenoise's manifest); .ci/run runs the same script.
RUN scripts/build_static.sh
RUN useradd --system --home /app mocua && mkdir -p /data && chown -R mocua /data
USER mocua
EXPOSE 8000
CMD ["gunicorn", "mocua.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
