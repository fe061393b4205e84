"""A local SMTP sink (aiosmtpd) that keeps every message it receives, readable.

    python deploy/mailsink.py --dir var/mail --smtp-port 1025 --http-port 8025

Each message is saved as an .eml file and a line in index.jsonl (to, subject, body, links);
http://127.0.0.1:8025/ lists them newest first, with the links clickable, and
http://127.0.0.1:8025/messages.json gives them all, oldest first, as JSON (what
deploy/test-containers reads from the mail sink container).
"""
from __future__ import annotations

import argparse
import asyncio
import email
import email.policy
import html
import json
import os
import re
import time

from aiosmtpd.smtp import SMTP

LINK = re.compile(r"https?://\S+")


class Store:
    def __init__(self, folder: str):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        self.index = os.path.join(folder, "index.jsonl")

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body else ""
        name = f"{time.time():.6f}.eml"
        with open(os.path.join(self.folder, name), "wb") as handle:
            handle.write(raw)
        record = {"file": name, "received_at": time.time(), "from": envelope.mail_from,
                  "to": envelope.rcpt_tos, "subject": str(message["Subject"] or ""),
                  "body": text, "links": LINK.findall(text),
                  "message_id": str(message["Message-ID"] or "")}
        with open(self.index, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return "250 Message accepted for delivery"

    def messages(self) -> list[dict]:
        if not os.path.exists(self.index):
            return []
        with open(self.index, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]


def page(messages: list[dict]) -> bytes:
    items = []
    for m in reversed(messages):
        body = html.escape(m["body"])
        for link in m["links"]:
            body = body.replace(html.escape(link), f'<a href="{html.escape(link)}">{html.escape(link)}</a>')
        items.append(f"<article><h2>{html.escape(m['subject'])}</h2><p>收件人：{html.escape(', '.join(m['to']))}"
                     f"</p><pre>{body}</pre></article>")
    return ("<!doctype html><meta charset=utf-8><title>本地邮箱</title>"
            "<style>body{font-family:sans-serif;max-width:900px;margin:auto}article{border-bottom:1px solid #ccc}"
            "pre{white-space:pre-wrap}</style><h1>本地邮箱（开发用 SMTP 收件箱）</h1>"
            + ("".join(items) or "<p>还没有邮件。</p>")).encode()


async def serve_http(store: Store, host: str, port: int):
    async def handle(reader, writer):
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            path = head.split(b" ", 2)[1] if head.count(b" ") >= 2 else b"/"
            if path.split(b"?")[0] == b"/messages.json":
                body, kind = json.dumps(store.messages(), ensure_ascii=False).encode(), "application/json"
            else:
                body, kind = page(store.messages()), "text/html; charset=utf-8"
            writer.write(f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\n"
                         f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
    return await asyncio.start_server(handle, host, port)


async def main(args):
    store = Store(args.dir)
    loop = asyncio.get_running_loop()
    # A fixed hostname: aiosmtpd would otherwise look up socket.getfqdn() on the event loop
    # for every connection, which stalls every delivery where reverse DNS is slow.
    smtp = await loop.create_server(
        lambda: SMTP(store, hostname="mailsink.local", enable_SMTPUTF8=True),
        args.host, args.smtp_port)
    servers = [smtp]
    if args.http_port:
        servers.append(await serve_http(store, args.host, args.http_port))
    print(f"mail sink: smtp {args.host}:{args.smtp_port}, inbox http://{args.host}:{args.http_port}/",
          flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="var/mail")
    parser.add_argument("--host", default="127.0.0.1", help="0.0.0.0 in a container")
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--http-port", type=int, default=8025)
    asyncio.run(main(parser.parse_args()))
