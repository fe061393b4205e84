import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()  # before anything imports socket or threading (nameko's test helpers)

import pytest  # noqa: E402

from tests.support.system import BACKENDS  # noqa: E402


PRODUCERS = ("accounts", "registration", "review", "certificates")


@pytest.fixture(scope="session", params=BACKENDS)
def system(request, tmp_path_factory):
    """The whole system, running, once per database backend. Every event any service publishes
    during the session is checked against the catalogue in docs/events/ at the end."""
    from tests.support.events import EventTap
    from tests.support.system import System
    running = System(str(tmp_path_factory.mktemp(f"system-{request.param}")), request.param).up()
    taps = [EventTap(running.amqp_uri, producer) for producer in PRODUCERS]
    yield running
    try:
        seen = [event for tap in taps for event in tap.drain()]  # drain() validates each one
        assert seen, "no event was published during the session"
    finally:
        for tap in taps:
            tap.close()
        running.down()
