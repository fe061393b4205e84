"""The benchmark's CPU breakdown (bench/figures.py `CpuMeter`) puts a process's CPU under its
label, counts what its children spend, leaves an idle process near zero, and reads the whole
machine's busy time too."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.support.deploy_files import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from figures import CpuMeter, children_of  # noqa: E402

SPIN = "import time\nend = time.process_time() + {seconds}\nwhile time.process_time() < end: pass\n"
# a parent that starts a spinning child and then spins itself: both are its label's
PARENT = ("import subprocess, sys\nchild = subprocess.Popen([sys.executable, '-c', {child!r}])\n"
          + SPIN + "child.wait()\n")


def test_a_process_and_its_children_are_counted_under_its_label():
    spinner = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()\n" + PARENT.format(
        child=SPIN.format(seconds=3), seconds=0.2)], stdin=subprocess.PIPE)
    idle = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    meter = CpuMeter({"spinner": spinner.pid, "idle": idle.pid})
    meter.start()
    spinner.stdin.close()
    # the meter reads the children it finds at stop: read before the child ends
    while True:
        spent = meter.stop()
        if spent["spinner"] >= 0.6 or spinner.poll() is not None:
            break
        time.sleep(0.05)
    for child in children_of(spinner.pid):
        os.kill(child, signal.SIGKILL)
    spinner.kill()
    spinner.wait()
    idle.stdin.close()
    idle.wait()
    assert spent["spinner"] >= 0.6, spent
    assert spent["idle"] < 0.1, spent
    assert spent["machine"] >= spent["spinner"] - 0.05, spent   # the machine's busy time holds it
    assert set(spent) >= {"rabbitmq", "postgresql", "load generator", "other", "machine"}
