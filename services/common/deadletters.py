"""Events whose handler kept failing, parked in `<service>.dead-letters`: list, replay, drop.

    python -m services.common.deadletters list   [--service NAME ...] [--config FILE] [--json]
    python -m services.common.deadletters replay (--id ID ... | --handler NAME | --all) [...]
    python -m services.common.deadletters drop   (--id ID ... | --handler NAME | --all) [...]

`--config services/<name>/config.yaml` takes the service name and AMQP_URI from that file;
otherwise `--service` names the service(s) (default: every service under services/) and
AMQP_URI comes from the environment. `--id` matches a dead letter's id or its event's
`event_id` (or a prefix of either, at least 6 characters). A replay puts the message back on
the queue of the handler that failed, with its attempt count reset (the other consumers of the
event are not touched), confirmed by the broker before the dead letter is removed; a crash in
between replays it twice, which the handler drops by `event_id`.

Reading the queue takes its messages without acknowledging them; the ones not replayed or
dropped return to the queue when the command ends.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import warnings

from kombu import Connection, Producer

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")  # nameko imports it

from . import retrying_handler as h  # noqa: E402

DEFAULT_AMQP_URI = "pyamqp://guest:guest@127.0.0.1:5672/"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def known_services() -> list[str]:
    names = []
    for path in sorted(glob.glob(os.path.join(ROOT, "services", "*", "config.yaml"))):
        names.append(os.path.basename(os.path.dirname(path)))
    return names


def describe(service: str, message) -> dict:
    """One parked message as a plain dict (what `list` prints)."""
    headers = message.headers or {}
    try:
        body = message.decode()
    except Exception:  # noqa: BLE001 - an undecodable body is still listed
        body = None
    envelope = body if isinstance(body, dict) else {}
    return {
        "id": headers.get(h.DEAD_LETTER_ID) or "",
        "service": service,
        "handler": headers.get(h.HANDLER),
        "queue": headers.get(h.QUEUE),
        "event_type": f"{envelope.get('producer', '?')}.{envelope.get('type', '?')}",
        "event_id": envelope.get("event_id"),
        "attempts": h.attempts_so_far(headers),
        "error": headers.get(h.ERROR),
        "first_failed_at": headers.get(h.FIRST_FAILED_AT),
        "failed_at": headers.get(h.FAILED_AT),
        "replays": headers.get(h.REPLAYS, 0),
        "traceback": headers.get(h.TRACEBACK),
    }


def matches(item: dict, ids: list[str], handler: str | None) -> bool:
    name = item["handler"] or ""
    if handler and handler not in (name, name.split(".")[-1]):
        return False
    if not ids:
        return True
    for wanted in ids:
        for value in (item["id"], item["event_id"]):
            if value and (value == wanted or (len(wanted) >= 6 and value.startswith(wanted))):
                return True
    return False


class DeadLetters:
    """The dead-letter queues of some services, read on one connection."""

    def __init__(self, amqp_uri: str):
        self.connection = Connection(amqp_uri, transport_options={"confirm_publish": True})
        self.connection.ensure_connection(max_retries=3)
        self.channel = self.connection.channel()

    def close(self) -> None:
        self.connection.release()  # unacknowledged messages go back to their queues

    def _queue_exists(self, name: str) -> bool:
        channel = self.connection.channel()
        try:
            channel.queue_declare(queue=name, passive=True)
            return True
        except self.connection.channel_errors:
            return False
        finally:
            try:
                channel.close()
            except Exception:  # noqa: BLE001 - already closed by the broker
                pass

    def take(self, service: str) -> list[tuple[dict, object]]:
        """Every parked message of `service`, held (unacknowledged) by this connection."""
        name = h.dead_letter_queue_name(service)
        if not self._queue_exists(name):
            return []
        queue = h.dead_letter_queue(service)(self.channel)
        taken = []
        while True:
            message = queue.get(no_ack=False, accept=["json"])
            if message is None:
                return taken
            taken.append((describe(service, message), message))

    def replay(self, item: dict, message) -> None:
        target = item["queue"]
        if not target or not self._queue_exists(target):
            raise RuntimeError(f"the handler's queue {target!r} does not exist "
                               "(start the service once, then replay)")
        Producer(self.channel).publish(
            message.body, exchange="", routing_key=target, mandatory=True,
            headers=h.replay_headers(message.headers), delivery_mode=2,
            content_type=message.content_type, content_encoding=message.content_encoding)
        message.ack()  # only after the broker confirmed the replay

    def drop(self, message) -> None:
        message.ack()


def resolve(args) -> tuple[str, list[str]]:
    amqp_uri = args.amqp_uri
    services = list(args.service or [])
    if args.config:
        from .config_file import load_config
        config = load_config(args.config)
        amqp_uri = amqp_uri or config.get("AMQP_URI")
        if not services:
            services = [config.get("SERVICE_NAME") or
                        os.path.basename(os.path.dirname(os.path.abspath(args.config)))]
    amqp_uri = amqp_uri or os.environ.get("AMQP_URI") or DEFAULT_AMQP_URI
    return amqp_uri, services or known_services()


def _table(items: list[dict]) -> str:
    if not items:
        return "no dead letters"
    lines = []
    for i in items:
        lines.append(f"{i['id'] or '-':12}  {i['failed_at'] or '-':32}  {i['handler'] or '-'}  "
                     f"{i['event_type']}  event_id={i['event_id']}  attempts={i['attempts']}"
                     + (f"  replays={i['replays']}" if i["replays"] else ""))
        lines.append(f"{'':14}error: {i['error']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services.common.deadletters",
                                     description="List, replay or drop events parked after their "
                                                 "handler kept failing.")
    parser.add_argument("action", choices=["list", "replay", "drop"])
    parser.add_argument("--service", action="append", help="service name (repeatable); "
                        "default: every service")
    parser.add_argument("--config", help="a service's config.yaml (its SERVICE_NAME and AMQP_URI)")
    parser.add_argument("--amqp-uri", help="default: the config's, else $AMQP_URI")
    parser.add_argument("--id", action="append", default=[], dest="ids",
                        help="dead-letter id or event_id (or a prefix of 6+ characters); repeatable")
    parser.add_argument("--handler", help="only this handler (service.method or method)")
    parser.add_argument("--all", action="store_true", help="replay/drop every matching message")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--traceback", action="store_true", help="list: print the tracebacks")
    args = parser.parse_args(argv)

    if args.action != "list" and not (args.ids or args.handler or args.all):
        parser.error(f"{args.action} needs --id, --handler or --all")

    amqp_uri, services = resolve(args)
    letters = DeadLetters(amqp_uri)
    chosen, failed = [], []
    try:
        for service in services:
            for item, message in letters.take(service):
                if not matches(item, args.ids, args.handler):
                    continue
                if args.action == "replay":
                    try:
                        letters.replay(item, message)
                    except Exception as exc:  # noqa: BLE001 - report it, keep the dead letter
                        failed.append({**item, "replay_error": str(exc)})
                        continue
                elif args.action == "drop":
                    letters.drop(message)
                chosen.append(item)
    finally:
        letters.close()

    for item in chosen + failed:
        if not args.traceback:
            item.pop("traceback", None)
    if args.json:
        print(json.dumps({"action": args.action, "messages": chosen, "failed": failed},
                         ensure_ascii=False, indent=2))
    else:
        if args.action == "list":
            print(_table(chosen))
            if args.traceback:
                for item in chosen:
                    print(f"--- {item['id']} {item['handler']}\n{item['traceback']}")
        else:
            done = "replayed" if args.action == "replay" else "dropped"
            print(f"{done} {len(chosen)}" + (f", {len(failed)} failed" if failed else ""))
            print(_table(chosen))
            for item in failed:
                print(f"NOT {done}: {item['id']} {item['event_id']}: {item['replay_error']}",
                      file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
