"""Imports run one way (design.md, "Layout"): the contracts of pyproject.toml [tool.importlinter].

The kernel imports no app, the calendar imports no reform model, the apps are layered
(reports > dossiers > models_catalog > schedules > mocua), and no modules import each other.
What the kernel runs, the apps register from their AppConfig.ready().
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("mocua", "models_catalog", "schedules", "dossiers", "reports")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the packages of `cwd` only
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_import_contracts_are_kept():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


WRONG_WAY = {  # module: (a function-level import, the contract it breaks)
    "mocua/views.py": ("from dossiers import selectors", "The kernel imports no app"),
    "schedules/calendar.py": (
        "from models_catalog.models import ReformModel",
        "The calendar imports no reform",
    ),
    "dossiers/papers.py": (
        "from dossiers.tasks import render_paper_task",
        "No cycles are allowed in dossiers",
    ),
}


def test_function_level_imports_the_wrong_way_break_the_contracts(tmp_path):
    """The contracts see imports inside functions too: a copy of the code with such imports fails."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for module, (line, _) in WRONG_WAY.items():
        with (tmp_path / module).open("a") as f:
            f.write(f"\n\ndef _the_wrong_way():\n    {line}\n")
    done = lint_imports(tmp_path)
    assert done.returncode != 0, done.stdout
    for module, (_, broken) in WRONG_WAY.items():
        assert broken in done.stdout, (module, done.stdout)


def test_the_apps_register_the_sweeps_in_their_order():
    from mocua.jobs.registry import sweeps

    assert [s.name for s in sweeps()] == [
        "cutoff_follow_up",
        "end_of_day",
        "overdue",
        "family_letters",
        "periodic_reports",
        "report_signatures",
        "papers_heal",
        "signatures",
        "outbox",
        "retention",
    ]
    # by dotted path: registering at start-up imports no sweep module (nor WeasyPrint)
    assert all(isinstance(s.function, str) for s in sweeps())


def test_the_catalog_hands_schedules_what_it_needs():
    from models_catalog import selectors
    from schedules import providers

    assert selectors.calendar_windows in providers._extra_windows
    assert selectors.counter_models in providers._counter_models
