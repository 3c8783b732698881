"""gunicorn settings read from the working directory (the image's /app, `gunicorn` in docker-compose).

The access log names the path, never the query string nor the referrer: the tracking link printed
as a QR code carries the dossier's secret in its query (`/tra-cuu/?code=…&secret=…`), and a page
opened from it sends that link as its referrer (issue 15: no secret in a server log line).
"""

accesslog = "-"
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"'
