"""Time-driven jobs: idempotent sweeps run by Celery beat (design.md, principles 1-3).

`registry` holds the sweeps the apps register from their AppConfig.ready() (the kernel imports
no app), `runner` runs them and records a JobRun each, `tasks` holds the Celery task beat calls,
`health` reads the dead-man's switch, `notify` sends notifications.
Models live in `models` (imported by mocua.models so that they belong to the mocua app).
"""
