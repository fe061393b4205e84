"""One of several processes submitting one draft with one Idempotency-Key at the same moment
(tests/service/test_commands_race.py). Prints "ready", waits for a line on stdin, submits, and
prints the answer (or the error's code) as one JSON line.

    python -m tests.support.command_race <database url> <draft id> <key>
"""
import json
import sys
import time

from services.common.errors import ServiceError
from services.registration.app import drafts
from tests.support.commands import invoke
from tests.support.registration_worker import OWNER, registration_worker


def main(url, draft_id, key):
    service = registration_worker(url, migrate=False)
    real_submit = drafts.submit

    def slow_submit(*args):  # hold the claim a while, so the others arrive meanwhile
        time.sleep(0.5)
        return real_submit(*args)
    drafts.submit = slow_submit
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        answer = invoke(service, "submit_draft", OWNER, int(draft_id), key=key)
    except ServiceError as exc:
        answer = {"error": exc.code}
    except Exception as exc:  # noqa: BLE001 - what the test must never see
        answer = {"error": "internal", "detail": repr(exc)}
    print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
