"""The deploy files run for real: deploy/test-containers builds the images, brings the compose
stack up on a dockerd of its own and drives it through its published ports (see the script and
tests/containers/driver.py for what it checks). It needs root (it installs packages and runs
dockerd): without it, or where dockerd cannot run, this test skips and says why, loudly."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.support.deploy_files import ROOT

pytestmark = pytest.mark.containers
SCRIPT = os.path.join(ROOT, "deploy", "test-containers")
SKIPPED = 77  # the script's exit code for "cannot run here", with the reason on stderr


def test_the_compose_stack_runs_scales_survives_a_killed_container_and_leaves_nothing_behind():
    if os.geteuid() != 0:
        reason = "deploy/test-containers needs root (it installs docker.io and runs its own dockerd): NOT RUN"
        print(f"\nSKIPPED LOUDLY: {reason}", file=sys.stderr)
        pytest.skip(reason)
    modes = os.environ.get("KJCG_CONTAINER_MODES", "single ha pg").split() or ["single"]
    started = time.time()
    done = subprocess.run([SCRIPT, *modes], cwd=ROOT, capture_output=True, text=True, timeout=2400)
    output = done.stdout + done.stderr
    print(output[-20000:])
    print(f"deploy/test-containers {' '.join(modes)}: {time.time() - started:.0f} s")
    if done.returncode == SKIPPED:
        reason = next((line for line in output.splitlines() if line.startswith("SKIP")), "cannot run here")
        print(f"\nSKIPPED LOUDLY: {reason}", file=sys.stderr)
        pytest.skip(reason)
    assert done.returncode == 0, output[-8000:]
    for mode in modes:
        assert f"{mode}: passed" in output
