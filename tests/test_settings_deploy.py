"""Production settings pass Django's deployment checklist, and CI really runs on PostgreSQL."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import IN_CI

ROOT = Path(__file__).resolve().parent.parent


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # Only what the production box would have: none of the developer's or the test run's.
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "SECURE_", "EMAIL_"))
        and key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "careers_portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "careers.example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
            "EMAIL_URL": "smtp+tls://portal:a-mail-password@smtp.example.org:587",
            **overrides,
        }
    )
    return env


def _check_deploy(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture(scope="module")
def checks(tmp_path_factory) -> dict[str, tuple[int, str]]:
    """Exit code and output of the checklist for each environment, run side by side (speed)."""
    tmp_path = tmp_path_factory.mktemp("deploy")
    running = {
        "production": _check_deploy(_production_env(tmp_path)),
        "no_https": _check_deploy(_production_env(tmp_path, SECURE_HTTPS="0")),
        "no_email": _check_deploy(_production_env(tmp_path, EMAIL_URL="consolemail://")),
    }
    results = {}
    for name, process in running.items():
        output, _ = process.communicate(timeout=120)
        results[name] = (process.returncode, output)
    return results


def test_it_passes_the_deployment_checklist_with_production_values(checks):
    returncode, output = checks["production"]

    assert returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output
    assert "Warning" not in output  # nor any Python warning at start-up


def test_the_checklist_catches_an_insecure_setting(checks):
    # Guards the test above: the same command does fail when production is misconfigured.
    returncode, output = checks["no_https"]

    assert returncode != 0
    assert "security.W008" in output  # SECURE_SSL_REDIRECT


def test_the_checklist_catches_production_without_real_email(checks):
    returncode, output = checks["no_email"]

    assert returncode != 0
    assert "mail.E001" in output


def test_ci_runs_on_postgresql(db):
    # CI must prove the app on the production database, never fall back to SQLite silently.
    expected = {"postgresql"} if IN_CI else {"postgresql", "sqlite"}

    assert connection.vendor in expected, (
        f"CI=true but the tests ran on {connection.vendor}: point DATABASE_URL at PostgreSQL"
    )


def _start_served_app(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import careers_portal.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_server_refuses_to_start_without_collected_static_files(tmp_path):
    static_root = tmp_path / "static"
    static_root.mkdir()
    env = _production_env(tmp_path, STATIC_ROOT=str(static_root))

    refused = _start_served_app(env)
    assert refused.returncode != 0
    assert "The static files are not collected" in refused.stderr
    assert "collectstatic" in refused.stderr

    (static_root / "staticfiles.json").write_text('{"paths": {}, "version": "1.1", "hash": ""}')
    started = _start_served_app(env)
    assert started.returncode == 0, started.stderr
