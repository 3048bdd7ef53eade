"""docker-compose.yml and the Dockerfile name things that exist.

Docker cannot run here, so these read the files: the five services are there, their commands name
modules and apps that import, the image installs WeasyPrint's libraries, and every variable handed
to the app is one that settings.py reads.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ["web", "worker", "beat"]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service: dict) -> list[str]:
    command = service["command"]
    words = shlex.split(command) if isinstance(command, str) else list(command)
    if words[:2] == ["sh", "-c"]:
        words = shlex.split(words[2])
    return words


def _settings_variables() -> set[str]:
    source = (ROOT / "careers_portal" / "settings.py").read_text()
    return set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))


def _option(words: list[str], flag: str) -> str:
    return words[words.index(flag) + 1]


def test_it_defines_exactly_the_five_services(compose):
    assert set(compose["services"]) == {"db", "redis", "web", "worker", "beat"}
    assert compose["services"]["db"]["image"].startswith("postgres:16")
    assert compose["services"]["redis"]["image"].startswith("redis:7")
    for name in ("db", "redis", "web"):
        assert "healthcheck" in compose["services"][name], name


def test_it_keeps_the_database_in_a_volume(compose):
    volumes = compose["services"]["db"]["volumes"]
    assert any(v.split(":")[1] == "/var/lib/postgresql/data" for v in volumes)
    assert volumes[0].split(":")[0] in compose["volumes"]


def test_it_serves_an_importable_wsgi_module_after_migrating(compose):
    web = compose["services"]["web"]
    command = " ".join(_command(web))
    assert command.index("manage.py migrate") < command.index("gunicorn")
    words = shlex.split(command.split("&&")[1])
    module, _, attribute = words[words.index("gunicorn") + 1].partition(":")
    assert importlib.util.find_spec(module) is not None
    assert callable(getattr(importlib.import_module(module), attribute or "application"))
    assert _option(words, "--bind") == "0.0.0.0:8000"
    assert (ROOT / "manage.py").is_file()
    assert "/healthz" in " ".join(web["healthcheck"]["test"])
    assert web["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }


@pytest.mark.parametrize(("service", "subcommand"), [("worker", "worker"), ("beat", "beat")])
def test_it_runs_celery_on_the_project_app(compose, service, subcommand):
    words = _command(compose["services"][service])
    assert words[0] == "celery"
    assert words[words.index("-A") + 2] == subcommand
    assert importlib.util.find_spec("careers_portal.celery") is not None
    app = find_app(_option(words, "-A"))
    assert isinstance(app, Celery)
    assert app.main == "careers_portal"
    assert isinstance(app.conf.beat_schedule, dict)


def test_it_keeps_the_beat_schedule_file_somewhere_writable(compose):
    beat = compose["services"]["beat"]
    schedule = _option(_command(beat), "--schedule")
    mounted = [v.split(":")[1] for v in beat.get("volumes", [])]
    assert schedule.startswith("/tmp/") or any(schedule.startswith(m + "/") for m in mounted)


def test_it_hands_the_app_only_variables_that_settings_reads(compose):
    known = _settings_variables()
    for name in APP_SERVICES:
        environment = compose["services"][name]["environment"]
        assert set(environment) <= known, set(environment) - known
    environment = compose["services"]["web"]["environment"]
    assert environment["SECRET_KEY"] == "${SECRET_KEY:?set SECRET_KEY}"
    assert environment["EMAIL_URL"].startswith("${EMAIL_URL:?")
    assert environment["DEBUG"] == "0"
    assert environment["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-false}"
    for required in ("DATABASE_URL", "CELERY_BROKER_URL", "ALLOWED_HOSTS", "EMAIL_URL", "SITE_URL"):
        assert required in environment


def test_it_documents_only_real_variables_in_the_env_example():
    compose_text = (ROOT / "docker-compose.yml").read_text()
    known = _settings_variables() | set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", compose_text))
    lines = (ROOT / ".env.example").read_text().splitlines()
    names = {m.group(1) for line in lines if (m := re.match(r"#?\s*([A-Z][A-Z0-9_]*)=", line))}
    assert "SECRET_KEY" in names
    assert names <= known, names - known


def test_it_builds_an_image_with_weasyprints_libraries_and_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.12-slim", dockerfile, re.MULTILINE)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz0b", "libharfbuzz-subset0"):
        assert package in dockerfile
    assert "collectstatic" in dockerfile
    user = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert user and user[-1] not in ("root", "0")
    assert '"gunicorn", "careers_portal.wsgi"' in dockerfile
