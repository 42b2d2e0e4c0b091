import pytest

from labapp.config import Config, ConfigError


def test_defaults_from_env():
    cfg = Config.from_env({"LAB_DEMO_PASSWORD": "pw"})
    assert cfg.demo_user == "demo"
    assert cfg.demo_password == "pw"
    assert cfg.admin_token is None
    assert cfg.behind_proxy is False
    assert cfg.trusted_proxy_hops == 1
    assert cfg.service_name == "lab-app"
    assert cfg.elasticsearch_url == "http://elasticsearch:9200"
    assert cfg.shipping_enabled is True
    assert cfg.log_index == "lab-logs"
    assert cfg.log_buffer_max == 10000
    assert (cfg.lockout_enabled, cfg.lockout_threshold, cfg.lockout_window_seconds) == (False, 5, 60)


def test_all_variables_are_read():
    cfg = Config.from_env(
        {
            "LAB_DEMO_PASSWORD": "pw",
            "LAB_DEMO_USER": "alice",
            "LAB_ADMIN_TOKEN": "tok",
            "LAB_BEHIND_PROXY": "true",
            "LAB_TRUSTED_PROXY_HOPS": "2",
            "LAB_SERVICE_NAME": "shop",
            "LAB_ELASTICSEARCH_URL": "http://127.0.0.1:9200",
            "LAB_LOG_INDEX": "lab-logs-x",
            "LAB_LOG_BUFFER_MAX": "42",
            "LAB_LOCKOUT_ENABLED": "yes",
            "LAB_LOCKOUT_THRESHOLD": "3",
            "LAB_LOCKOUT_WINDOW_SECONDS": "30",
        }
    )
    assert (cfg.demo_user, cfg.admin_token, cfg.behind_proxy, cfg.service_name) == ("alice", "tok", True, "shop")
    assert cfg.trusted_proxy_hops == 2
    assert (cfg.elasticsearch_url, cfg.log_index, cfg.log_buffer_max) == ("http://127.0.0.1:9200", "lab-logs-x", 42)
    assert (cfg.lockout_enabled, cfg.lockout_threshold, cfg.lockout_window_seconds) == (True, 3, 30)


@pytest.mark.parametrize("env", [{}, {"LAB_DEMO_PASSWORD": ""}])
def test_password_is_required_with_clear_message(env):
    with pytest.raises(ConfigError, match="LAB_DEMO_PASSWORD is required"):
        Config.from_env(env)


def test_empty_es_url_disables_shipping():
    assert Config.from_env({"LAB_DEMO_PASSWORD": "pw", "LAB_ELASTICSEARCH_URL": ""}).shipping_enabled is False


def test_empty_admin_token_means_disabled():
    assert Config.from_env({"LAB_DEMO_PASSWORD": "pw", "LAB_ADMIN_TOKEN": ""}).admin_token is None


@pytest.mark.parametrize(
    "name,value",
    [
        ("LAB_BEHIND_PROXY", "maybe"),
        ("LAB_TRUSTED_PROXY_HOPS", "0"),
        ("LAB_TRUSTED_PROXY_HOPS", "11"),
        ("LAB_TRUSTED_PROXY_HOPS", "two"),
        ("LAB_TRUSTED_PROXY_HOPS", "1.5"),
        ("LAB_LOCKOUT_THRESHOLD", "0"),
        ("LAB_LOCKOUT_THRESHOLD", "five"),
        ("LAB_LOCKOUT_WINDOW_SECONDS", "-1"),
        ("LAB_LOG_BUFFER_MAX", "0"),
        ("LAB_LOG_BUFFER_MAX", "100001"),
        ("LAB_LOG_BUFFER_MAX", "10000000"),
        ("LAB_LOG_BUFFER_MAX", "1e4"),
        ("LAB_LOG_BUFFER_MAX", "-5"),
        ("LAB_LOG_INDEX", "Lab*Logs"),
        ("LAB_ELASTICSEARCH_URL", "elasticsearch:9200"),
    ],
)
def test_invalid_values_fail_fast(name, value):
    with pytest.raises(ConfigError, match=name):
        Config.from_env({"LAB_DEMO_PASSWORD": "pw", name: value})


def test_password_not_in_repr():
    cfg = Config(demo_password="pw", elasticsearch_password="espw", elasticsearch_api_key="key")
    assert "espw" not in repr(cfg) and "'key'" not in repr(cfg)


def test_demo_password_and_admin_token_not_in_repr():
    cfg = Config(demo_password="demo-pw-s3cret", admin_token="admin-t0ken-s3cret")
    text = repr(cfg)
    assert "demo-pw-s3cret" not in text and "admin-t0ken-s3cret" not in text
    assert "demo_password" not in text and "admin_token" not in text
    assert "demo_user='demo'" in text  # the rest is still there for debugging
    assert "demo-pw-s3cret" not in str(cfg)


@pytest.mark.parametrize(
    "value,message",
    [
        ("10000000", "LAB_LOG_BUFFER_MAX must be between 1 and 100000 (default 10000), got 10000000"),
        ("0", "LAB_LOG_BUFFER_MAX must be between 1 and 100000 (default 10000), got 0"),
        ("lots", "LAB_LOG_BUFFER_MAX must be an integer between 1 and 100000 (default 10000), got 'lots'"),
    ],
)
def test_log_buffer_max_is_bounded_with_a_clear_message(value, message):
    with pytest.raises(ConfigError) as exc:
        Config.from_env({"LAB_DEMO_PASSWORD": "pw", "LAB_LOG_BUFFER_MAX": value})
    assert str(exc.value) == message


def test_log_buffer_max_bounds_are_inclusive():
    for value in ("1", "100000", " 100000 "):
        assert Config.from_env({"LAB_DEMO_PASSWORD": "pw", "LAB_LOG_BUFFER_MAX": value}).log_buffer_max == int(value)
    with pytest.raises(ConfigError, match="LAB_LOG_BUFFER_MAX"):
        Config(demo_password="pw", log_buffer_max=100_001)
