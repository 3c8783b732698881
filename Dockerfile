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
# collectstatic needs no secrets; the real ones come from the environment at run time.
RUN SECRET_KEY=build ALLOWED_HOSTS=build python manage.py collectstatic --no-input -v0
RUN useradd --system --home /app mocua && mkdir -p /data && chown mocua /data
USER mocua
EXPOSE 8000
CMD ["gunicorn", "mocua.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
