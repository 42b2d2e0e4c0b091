"""Shipping to an Elasticsearch behind TLS with a private CA and credentials (LAB_ELASTICSEARCH_CA_FILE + basic auth),
the way an existing cluster is reached in attach mode. The CA and the server certificate are made here with openssl."""

from __future__ import annotations

import base64
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest

from fake_es import FakeElasticsearch
from labapp.config import Config, ConfigError
from labapp.transport import ElasticsearchTransport, ShipUnavailable

FAST = {"flush_interval": 0.05, "backoff_initial": 0.02, "backoff_max": 0.1}

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command (Debian: openssl)")


def _openssl(*args: str | Path) -> None:
    subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("pki")
    ca_key, ca_crt = d / "ca.key", d / "ca.crt"
    key, csr, crt, ext = d / "server.key", d / "server.csr", d / "server.crt", d / "server.ext"
    _openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca_crt, "-days", "1",
        "-subj", "/CN=lab test CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=127.0.0.1")
    ext.write_text("subjectAltName=IP:127.0.0.1\n")
    _openssl("x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key, "-CAcreateserial", "-out", crt, "-days", "1",
             "-extfile", ext)  # fmt: skip
    _openssl("x509", "-in", crt, "-noout")  # made and readable
    return {"ca": ca_crt, "crt": crt, "key": key}


@pytest.fixture
def tls_es(pki: dict[str, Path]):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pki["crt"], pki["key"])
    server = FakeElasticsearch(tls=ctx).start()
    yield server
    server.stop()


def test_transport_trusts_the_ca_file_and_sends_basic_auth(tls_es, pki):
    assert tls_es.url.startswith("https://")
    tr = ElasticsearchTransport(tls_es.url, username="shipper", password="s3cret", ca_file=str(pki["ca"]))
    try:
        tr.put_index_template("t", {"index_patterns": ["x*"]}, timeout=5)
        resp = tr.bulk([{"create": {"_index": "x", "_id": "1"}}, {"a": 1}], timeout=5)
    finally:
        tr.close()
    assert resp["items"][0]["create"]["status"] == 201
    expected = "Basic " + base64.b64encode(b"shipper:s3cret").decode()
    assert tls_es.authorizations and all(a == expected for a in tls_es.authorizations)


def test_transport_without_the_ca_file_refuses_the_private_certificate(tls_es):
    tr = ElasticsearchTransport(tls_es.url, request_timeout=3)
    try:
        with pytest.raises(ShipUnavailable):
            tr.put_index_template("t", {"index_patterns": ["x*"]}, timeout=3)
    finally:
        tr.close()
    assert tls_es.requests == []  # the handshake failed: no request got through


def test_app_ships_through_tls_with_ca_file_from_env(make_app, tls_es, pki):
    cfg = Config.from_env(
        {
            "LAB_DEMO_PASSWORD": "pw",
            "LAB_ELASTICSEARCH_URL": tls_es.url,
            "LAB_ELASTICSEARCH_API_KEY": "a2V5LWlkOmtleQ==",
            "LAB_ELASTICSEARCH_CA_FILE": f" {pki['ca']} ",
        }
    )
    assert cfg.elasticsearch_ca_file == str(pki["ca"])
    _app, client, _cap = make_app(
        elasticsearch_url=cfg.elasticsearch_url,
        elasticsearch_api_key=cfg.elasticsearch_api_key,
        elasticsearch_ca_file=cfg.elasticsearch_ca_file,
        create_kwargs={"shipper_options": FAST},
    )
    assert client.post("/login", data={"username": "mallory", "password": "x"}).status_code == 401
    assert tls_es.wait_for(lambda f: any(d.get("message") == "Failed login attempt" for d in f.docs.values()))
    assert "ApiKey a2V5LWlkOmtleQ==" in tls_es.authorizations


def test_missing_ca_file_is_a_config_error_naming_the_variable(tmp_path):
    with pytest.raises(ConfigError, match="LAB_ELASTICSEARCH_CA_FILE"):
        Config.from_env({"LAB_DEMO_PASSWORD": "pw", "LAB_ELASTICSEARCH_CA_FILE": str(tmp_path / "nope.pem")})
    assert Config.from_env({"LAB_DEMO_PASSWORD": "pw", "LAB_ELASTICSEARCH_CA_FILE": ""}).elasticsearch_ca_file is None
