"""Static checks of the container packaging (the image itself is built elsewhere)."""

import fnmatch
import re

from conftest import APP_DIR


def test_requirements_are_exact_pins():
    lines = [line.strip() for line in (APP_DIR / "requirements.txt").read_text().splitlines()]
    reqs = [line for line in lines if line and not line.startswith("#")]
    assert reqs and all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][A-Za-z0-9.\-+]*", r) for r in reqs), reqs
    pins = {r.split("==")[0].lower().replace("_", "-"): r.split("==")[1] for r in reqs}
    assert pins["flask"].startswith("3.")
    assert pins["elasticsearch"].startswith("9.")
    assert "gunicorn" in pins and "prometheus-client" in pins


def test_dockerfile():
    text = (APP_DIR / "Dockerfile").read_text()
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert lines[0] == "FROM python:3.11-slim-bookworm"
    assert "RUN pip install --no-cache-dir -r requirements.txt" in lines
    assert any(line.startswith("USER ") and not line.startswith("USER root") for line in lines)
    assert "EXPOSE 8080" in lines
    assert "STOPSIGNAL SIGTERM" in lines
    assert "HEALTHCHECK" in text and "healthcheck.py" in text and "curl" not in text
    cmd = [line for line in lines if line.startswith("CMD")][-1]
    assert cmd.startswith('CMD ["gunicorn"')  # exec form: gunicorn is PID 1 and gets SIGTERM
    # every file the image needs is copied
    for name in ("labapp/", "wsgi.py", "gunicorn.conf.py", "healthcheck.py", "requirements.txt"):
        assert name in text


def test_dockerignore_exists():
    text = (APP_DIR / ".dockerignore").read_text()
    assert "__pycache__" in text and ".git" in text


def test_field_catalogue_ships_with_the_app():
    # mapping.py reads fields.json from beside itself at import: the image must have it there, or the app cannot start.
    from labapp.mapping import CATALOGUE_PATH

    assert CATALOGUE_PATH == APP_DIR / "labapp" / "fields.json" and CATALOGUE_PATH.is_file()
    lines = [line.strip() for line in (APP_DIR / "Dockerfile").read_text().splitlines()]
    assert "COPY labapp/ ./labapp/" in lines
    dockerignore = (APP_DIR / ".dockerignore").read_text().splitlines()
    ignored = [line.strip() for line in dockerignore if line.strip() and not line.startswith("#")]
    rel = "labapp/fields.json"
    for pattern in ignored:
        bare = pattern.removeprefix("**/")
        assert not (
            fnmatch.fnmatch(rel, pattern)
            or fnmatch.fnmatch(rel.rsplit("/", 1)[-1], bare)
            or rel.startswith(pattern.rstrip("/") + "/")
        ), pattern
