"""Rendering and signing in a process of their own, beside each certificates service process.

Why: reportlab's parsed CJK font (~25 MB of Python objects for WenQuanYi Micro Hei's 34,000
characters, which a name may need any of), pyHanko with cryptography, PDFium and pypdf together
put the service process over its 150 MB (docs/performance.md). Here they live in one long-lived
plain-Python process that the service starts on its first rendering and keeps: the imports and the
font are paid once, and the service process stays a plain nameko process. It also frees the
service's eventlet hub while a certificate renders (~30 ms of CPU): the worker waits on a pipe.

The protocol: the service writes one call (a pickled `(name, args, kwargs)` behind its 4-byte
length) to the process's stdin and reads one answer from its stdout, `("ok", value)` or
`("error", exception)`. One call at a time (a lock), so reportlab and PDFium never see threads.
An exception of a library is sent as `RenderingFailed` with its text; errors.py's own pass as
they are. If the process dies or does not answer within `timeout` seconds it is killed, the call
raises `RenderingFailed` (a certificate then stays pending and is retried), and the next call
starts a new one. The process ends when the service closes its stdin (the service exiting, even
killed, does that).

    python -m services.certificates.rendering.process     (started by RenderingProcess only)
"""
from __future__ import annotations

import logging
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time

from .errors import CjkFontError, RenderingFailed, SignatureError

log = logging.getLogger(__name__)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
HEADER = struct.Struct(">I")
CHUNK = 4096            # at most PIPE_BUF per write once select says writable: never blocks
TIMEOUT_SECONDS = 120   # a form PDF of a very long document takes seconds, never minutes
PASSED_AS_IS = (CjkFontError, SignatureError, ValueError, TypeError, KeyError)


# -- the service's side ------------------------------------------------------------------------
class RenderingProcess:
    def __init__(self, timeout: float = TIMEOUT_SECONDS):
        self.timeout = timeout
        self._lock = threading.Lock()   # green under eventlet's monkey patching
        self._process: subprocess.Popen | None = None

    def call(self, name: str, *args, **kwargs):
        request = pickle.dumps((name, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        with self._lock:
            for attempt in (1, 2):
                fresh = self._process is None
                try:
                    process = self._ensure()
                    _send(process.stdin.fileno(), request, self.timeout)
                    status, value = pickle.loads(_receive(process.stdout.fileno(), self.timeout))
                    break
                except (OSError, EOFError, _Timeout, pickle.UnpicklingError) as exc:
                    self._stop()
                    # a process that died between calls (killed, out of memory) is started again
                    # once: rendering is a pure function, so sending the call again is safe
                    if attempt == 2 or fresh or isinstance(exc, _Timeout):
                        raise RenderingFailed(f"the rendering process failed: {exc!r}") from exc
                    log.warning("rendering process gone, starting a new one", extra={"error": repr(exc)})
        if status == "ok":
            return value
        raise value

    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _ensure(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, env.get("PYTHONPATH")) if p)
            self._process = subprocess.Popen(
                [sys.executable, "-m", "services.certificates.rendering.process"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT, env=env, close_fds=True)
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for pipe in (process.stdin, process.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        try:
            process.kill()
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass


class _Timeout(Exception):
    pass


_shared: RenderingProcess | None = None
_shared_lock = threading.Lock()


def shared() -> RenderingProcess:
    """The one rendering process of this service process (started on its first call)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = RenderingProcess()
        return _shared


def _send(fd: int, payload: bytes, timeout: float | None) -> None:
    data = memoryview(HEADER.pack(len(payload)) + payload)
    deadline = None if timeout is None else time.monotonic() + timeout
    while data:
        _wait(fd, deadline, write=True)
        written = os.write(fd, data[:CHUNK])
        data = data[written:]


def _receive(fd: int, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    (size,) = HEADER.unpack(_read_exactly(fd, HEADER.size, deadline))
    return _read_exactly(fd, size, deadline)


def _read_exactly(fd: int, size: int, deadline: float | None) -> bytes:
    parts, left = [], size
    while left:
        _wait(fd, deadline, write=False)
        part = os.read(fd, min(left, 1 << 20))
        if not part:
            raise EOFError("the rendering process closed its output")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _wait(fd: int, deadline: float | None, write: bool) -> None:
    """Until `fd` is ready; select is green under eventlet, so the hub runs meanwhile."""
    left = None if deadline is None else deadline - time.monotonic()
    if left is not None and left <= 0:
        raise _Timeout("no answer in time")
    ready = select.select([], [fd], [], left) if write else select.select([fd], [], [], left)
    if not any(ready):
        raise _Timeout("no answer in time")


# -- the process's side ------------------------------------------------------------------------
def _calls() -> dict:
    from .certificate import render_certificate
    from .fonts import register_cjk_font
    from .form_pdf import render_form_pdf
    from .preview import render_certificate_preview_png
    from .revoked import mark_revoked
    from .signing import sign_pdf

    def certificate(fields, *, seal_image, office_name, verify_url, key_pem, cert_pem):
        started = time.perf_counter()
        unsigned = render_certificate(fields, seal_image=seal_image, office_name=office_name,
                                      verify_url=verify_url)
        pdf = sign_pdf(unsigned, key_pem=key_pem, cert_pem=cert_pem)
        signed = time.perf_counter()
        png = render_certificate_preview_png(pdf)
        return {"pdf": pdf, "png": png, "render_ms": round((signed - started) * 1000, 1),
                "preview_ms": round((time.perf_counter() - signed) * 1000, 1)}

    def revoked(pdf, revoked_on):
        marked = mark_revoked(pdf, revoked_on)
        return {"pdf": marked, "png": render_certificate_preview_png(marked)}

    return {"certificate": certificate, "revoked": revoked, "form": render_form_pdf,
            "font": register_cjk_font, "pid": os.getpid}


def main() -> None:
    channel_in, channel_out = 0, os.dup(1)
    os.dup2(2, 1)   # a library that prints writes to stderr, never into the answers
    calls = _calls()
    while True:
        try:
            (size,) = HEADER.unpack(_read_exactly(channel_in, HEADER.size, None))
            name, args, kwargs = pickle.loads(_read_exactly(channel_in, size, None))
        except EOFError:
            return   # the service closed our stdin: it stopped or died
        try:
            answer = ("ok", calls[name](*args, **kwargs))
        except PASSED_AS_IS + (RenderingFailed,) as exc:
            answer = ("error", exc if _picklable(exc) else RenderingFailed(f"{type(exc).__name__}: {exc}"))
        except Exception as exc:  # noqa: BLE001 - a library's error, sent as text
            answer = ("error", RenderingFailed(f"{type(exc).__module__}.{type(exc).__name__}: {exc}"))
        try:
            _send(channel_out, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL), None)
        except OSError:
            return   # the service is gone


def _picklable(exc: BaseException) -> bool:
    module = type(exc).__module__
    if not (module == "builtins" or module.startswith("services.")):
        return False
    try:
        pickle.loads(pickle.dumps(exc))
        return True
    except Exception:  # noqa: BLE001
        return False


if __name__ == "__main__":
    main()
