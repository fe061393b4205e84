"""The processes of the system and the config keys they read: the ones deploy/supervisord.conf
runs, with commands that name files, modules and classes that exist."""
from __future__ import annotations

import re

import pytest

from tests.support.deploy_files import ALL_KEYS, DEPLOY, MIGRATIONS, PROCESSES, command_problems


def test_the_config_files_have_the_keys_this_test_relies_on():
    assert {"AMQP_URI", "ACCOUNTS_DB_URL", "FILE_STORE_URL", "REGISTRATION_AREA_CODE",
            "GATEWAY_ADDRESS", "CHECK_CODE_SECRET"} <= ALL_KEYS
    # the comment "${NAME:default}" at the top of every file is not a key
    assert "NAME" not in ALL_KEYS


def test_the_processes_are_the_ones_the_local_runner_runs():
    conf = (DEPLOY / "supervisord.conf").read_text(encoding="utf-8")
    for name, argv in PROCESSES.items():
        line = re.search(rf"^\[program:{re.escape(name)}\]\ncommand=(.*)$", conf, re.M)
        assert line, f"{name} is not a program of deploy/supervisord.conf"
        assert line.group(1).split("/.venv/bin/")[1].split() == argv, name


@pytest.mark.parametrize("argv", [*PROCESSES.values(), *MIGRATIONS.values()], ids=[*PROCESSES, *MIGRATIONS])
def test_every_command_names_files_modules_and_classes_that_exist(argv):
    assert command_problems(argv) == []
