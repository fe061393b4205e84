import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()  # before anything imports socket or threading (nameko's test helpers)

import os  # noqa: E402

import pytest  # noqa: E402

BACKENDS = [b for b in os.environ.get("TEST_BACKENDS", "sqlite,postgres").split(",") if b]


@pytest.fixture(scope="session", params=BACKENDS)
def system(request, tmp_path_factory):
    """The whole system, running, once per database backend."""
    from tests.support.system import System
    running = System(str(tmp_path_factory.mktemp(f"system-{request.param}")), request.param).up()
    yield running
    running.down()
