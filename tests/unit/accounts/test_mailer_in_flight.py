"""The mailer keeps several deliveries under way: one message whose SMTP connection hangs does
not hold up the others, nor the messages that come due after it."""
import asyncio
import types

from services.accounts import mailer as mailer_module


class FakeMailer(mailer_module.Mailer):
    """The real run loop; claims from a list, delivery and recording faked."""

    def __init__(self, due):
        self.config = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": "1"}
        self.engine = None
        self.poll = 0.01
        self.stopping = asyncio.Event()
        self.due = list(due)
        self.delivered = []
        self.hanging = asyncio.Event()

    async def deliver(self, row):
        if row.id == 1:
            await self.hanging.wait()  # a connection that does not answer
        self.delivered.append(row.id)


def test_a_hanging_delivery_holds_up_only_its_own_message(monkeypatch):
    rows = [types.SimpleNamespace(id=i) for i in range(1, 6)]
    mailer = None

    def claim(engine, now, limit=mailer_module.IN_FLIGHT):
        taken, mailer.due[:] = mailer.due[:limit], mailer.due[limit:]
        return taken

    monkeypatch.setattr(mailer_module, "claim", claim)

    async def scenario():
        nonlocal mailer
        mailer = FakeMailer(rows[:3])
        running = asyncio.ensure_future(mailer.run())
        for _ in range(100):
            await asyncio.sleep(0.01)
            if mailer.delivered == [2, 3]:
                break
        mailer.due.extend(rows[3:])  # more mail comes due while message 1 still hangs
        for _ in range(100):
            await asyncio.sleep(0.01)
            if len(mailer.delivered) == 4:
                break
        delivered_while_hanging = list(mailer.delivered)
        mailer.hanging.set()
        mailer.stopping.set()
        await asyncio.wait_for(running, timeout=5)
        return delivered_while_hanging

    assert asyncio.run(scenario()) == [2, 3, 4, 5]
    assert sorted(mailer.delivered) == [1, 2, 3, 4, 5]  # the hanging one finished before stopping
