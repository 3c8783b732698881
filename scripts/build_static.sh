#!/bin/sh
# Collects the static files the way the production image does (the Dockerfile runs this script;
# .ci/run and tests/test_deploy.py run it too, into a throw-away STATIC_ROOT): production settings,
# so whitenoise's CompressedManifestStaticFilesStorage hashes every file, rewrites the references
# between them (CSS url(), sourceMappingURL) and fails on one that points nowhere.
# collectstatic needs no secrets; the real ones come from the environment at run time.
#   STATIC_ROOT  where to write (the image: /app/staticfiles)
#   PYTHON       the interpreter (default: python)
set -eu
cd "$(dirname "$0")/.."
: "${STATIC_ROOT:?STATIC_ROOT is required}"
exec env -u DATABASE_URL -u REDIS_URL MOCUA_ENV=production SECRET_KEY="${SECRET_KEY:-build}" \
  ALLOWED_HOSTS="${ALLOWED_HOSTS:-build}" STATIC_ROOT="$STATIC_ROOT" \
  "${PYTHON:-python}" manage.py collectstatic --no-input -v0
