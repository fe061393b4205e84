"""The scripts the image runs, run here for real: deploy/docker/probe.py (the health probe of
every process) and deploy/mailsink.py (the container mail sink)."""
from __future__ import annotations

import importlib.util
import json
import os
import smtplib
import socket
import subprocess
import sys
import time
import urllib.request
from email.message import EmailMessage

import pytest

from tests.support.deploy_files import CONFIGS, DEPLOY, NAMEKO_SERVICES, PROBE, ROOT


def _probe_module():
    spec = importlib.util.spec_from_file_location("kjcg_probe", PROBE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _FakeCluster:
    """Stands for nameko's ClusterRpcProxy: records how it was made and answers as told."""

    def __init__(self, replies):
        self.replies = replies
        self.made_with = None

    def __call__(self, config, timeout=None):
        self.made_with = (config, timeout)
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __getattr__(self, service):
        replies = self.replies

        class _Service:
            def __getattr__(self, method):
                def call():
                    reply = replies[(service, method)]
                    if isinstance(reply, Exception):
                        raise reply
                    return reply
                return call
        return _Service()


def test_probe_knows_every_nameko_service_and_its_config():
    probe = _probe_module()
    assert set(probe.SERVICES) == set(NAMEKO_SERVICES)
    for service in probe.SERVICES:
        assert probe.config_path(service) == ROOT / CONFIGS[service]


@pytest.mark.parametrize("argv, replies, code", [
    (["registration"], {("registration", "health"): {"service": "registration", "ok": True}}, 0),
    (["registration"], {("registration", "health"): {"ok": False}}, 1),
    (["registration"], {("registration", "health"): TimeoutError("no reply")}, 1),
    (["review", "--ping"], {("review", "ping"): "pong"}, 0),
    (["review", "--ping"], {("review", "ping"): "pang"}, 1),
])
def test_probe_exits_0_only_when_the_service_answers_healthy(monkeypatch, argv, replies, code):
    monkeypatch.chdir(ROOT)  # the probe chdirs to the repository; restored afterwards
    monkeypatch.setenv("AMQP_URI", "pyamqp://probe:probe@broker.invalid:5672/")
    probe = _probe_module()
    cluster = _FakeCluster(replies)
    assert probe.main([*argv, "--timeout", "2"], proxy_factory=cluster) == code
    assert cluster.made_with == ({"AMQP_URI": "pyamqp://probe:probe@broker.invalid:5672/"}, 2.0)


def test_probe_checks_the_mailer_database_and_http(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    probe = _probe_module()
    monkeypatch.setenv("ACCOUNTS_DB_URL", f"sqlite:///{tmp_path}/accounts.db")
    assert probe.main(["mailer"]) == 0
    port = _free_port()  # nothing listens there
    monkeypatch.setenv("ACCOUNTS_DB_URL", f"postgresql+psycopg2://probe:probe@127.0.0.1:{port}/accounts")
    assert probe.main(["mailer", "--timeout", "2"]) == 1
    assert probe.main(["--http", f"http://127.0.0.1:{port}/readyz", "--timeout", "1"]) == 1


def test_probe_ends_itself_when_the_broker_never_answers():
    with socket.socket() as silent:  # accepts the connection and never speaks AMQP
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        env = {**os.environ, "AMQP_URI": f"pyamqp://guest:guest@127.0.0.1:{port}/"}
        started = time.monotonic()
        done = subprocess.run([sys.executable, str(PROBE), "accounts", "--timeout", "1"],
                              env=env, capture_output=True, text=True, timeout=30)
        elapsed = time.monotonic() - started
    assert done.returncode == 1
    assert elapsed < 15, elapsed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_container_mail_sink_receives_and_shows_mail(tmp_path):
    smtp_port, http_port = _free_port(), _free_port()
    sink = subprocess.Popen([sys.executable, str(DEPLOY / "mailsink.py"),
                             "--dir", str(tmp_path), "--host", "127.0.0.1",
                             "--smtp-port", str(smtp_port), "--http-port", str(http_port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", smtp_port), 0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline and sink.poll() is None, sink.stdout.read()
                time.sleep(0.1)
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "a@example.cn", "b@example.cn", "激活账号"
        message["Message-ID"] = "<outgoing-7@kjcg.example.gov.cn>"
        message.set_content("请打开 http://127.0.0.1:8000/activate?token=abc")
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=10) as client:
            client.send_message(message)
        page = urllib.request.urlopen(f"http://127.0.0.1:{http_port}/", timeout=10).read().decode()
        assert "激活账号" in page and 'href="http://127.0.0.1:8000/activate?token=abc"' in page
        # the same as JSON, as deploy/test-containers reads it from the mail sink container
        listed = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{http_port}/messages.json", timeout=10).read())
        assert [(m["to"], m["subject"], m["links"]) for m in listed] == \
            [(["b@example.cn"], "激活账号", ["http://127.0.0.1:8000/activate?token=abc"])]
        assert listed[0]["message_id"] == "<outgoing-7@kjcg.example.gov.cn>"
    finally:
        sink.terminate()
        sink.wait(10)
