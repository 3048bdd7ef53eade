"""docker-compose.yml and the Dockerfile name things that exist, in a shape that scales out.

Docker cannot run here, so these read the files: the services are there, their commands name
modules and apps that import, the image installs WeasyPrint's libraries, and every variable handed
to the app is one that settings.py reads. `docker compose up --scale web=3 --scale worker=2` works
because the migrations run once in a one-shot service the others wait for, only the proxy
publishes a port, and replicas share nothing in memory (issue 14 point 5).
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
APP_SERVICES = ["migrate", "web", "worker", "beat"]
SCALED = ["web", "worker"]


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


def test_it_defines_exactly_its_services(compose):
    assert set(compose["services"]) == {"db", "redis", "migrate", "web", "proxy", "worker", "beat"}
    assert compose["services"]["db"]["image"].startswith("postgres:16")
    assert compose["services"]["redis"]["image"].startswith("redis:7")
    for name in ("db", "redis", "web"):
        assert "healthcheck" in compose["services"][name], name


def test_it_keeps_the_database_in_a_volume(compose):
    volumes = compose["services"]["db"]["volumes"]
    assert any(v.split(":")[1] == "/var/lib/postgresql/data" for v in volumes)
    assert volumes[0].split(":")[0] in compose["volumes"]


def test_it_serves_an_importable_wsgi_module(compose):
    web = compose["services"]["web"]
    words = _command(web)
    assert "migrate" not in words  # never at every web start: replicas would race
    module, _, attribute = words[words.index("gunicorn") + 1].partition(":")
    assert importlib.util.find_spec(module) is not None
    assert callable(getattr(importlib.import_module(module), attribute or "application"))
    assert _option(words, "--bind") == "0.0.0.0:8000"
    assert (ROOT / "manage.py").is_file()
    assert "/healthz" in " ".join(web["healthcheck"]["test"])


def test_it_migrates_once_in_a_one_shot_service_that_the_app_waits_for(compose):
    migrate = compose["services"]["migrate"]
    assert _command(migrate) == ["python", "manage.py", "migrate", "--no-input"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    for name in ("web", "worker", "beat"):
        assert compose["services"][name]["depends_on"] == {
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name


def test_only_the_proxy_publishes_a_port_and_it_spreads_requests_over_the_web_replicas(compose):
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    proxy = services["proxy"]
    assert proxy["ports"] == ["${WEB_PORT:-8000}:8000"]
    assert proxy["depends_on"] == {"web": {"condition": "service_healthy"}}
    config_mount = next(v for v in proxy["volumes"] if v.endswith(":ro"))
    source, target, _ = config_mount.split(":")
    assert target == "/etc/caddy/Caddyfile" and proxy["image"].startswith("caddy:2")
    caddyfile = (ROOT / source).read_text()
    # Replicas are found by name and re-resolved, so scaling needs no change of the proxy.
    assert re.search(r"dynamic a \{\s*name web\s*port 8000", caddyfile)
    assert "lb_policy round_robin" in caddyfile
    assert "trusted_proxies static private_ranges" in caddyfile
    # Two proxies in front of gunicorn: the TLS one of the deployment and this one.
    assert services["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-2}"


def test_the_scaled_services_have_no_name_or_host_port_that_only_one_replica_could_hold(compose):
    for name in SCALED:
        service = compose["services"][name]
        assert "container_name" not in service and "ports" not in service, name
    assert compose["services"]["web"]["expose"] == ["8000"]


def test_replicas_share_nothing_in_memory(compose, settings):
    environment = compose["services"]["web"]["environment"]
    # The cache (rate limits, pauses) in Redis, sessions in the database, files in a volume.
    assert environment["CACHE_URL"].startswith("redis://redis:")
    # The worker's and the commands' writes change the kept figures' version where web reads it.
    for name in ("migrate", "worker", "beat"):
        assert compose["services"][name]["environment"]["CACHE_URL"] == environment["CACHE_URL"]
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert str(settings.MEDIA_ROOT) == str(settings.VAR_DIR / "media")
    for name in ("web", "worker"):
        assert "media:/app/var/media" in compose["services"][name]["volumes"], name
    assert "media" in compose["volumes"]


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
