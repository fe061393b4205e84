"""The load generator of the benchmarks: N keep-alive clients for a number of seconds, with `wrk`
(Debian package `wrk`) when it is installed, else threads in this process (which need far more
CPU). Each returns {"rps", "p50", "p99" (ms), "n", "errors"}."""
from __future__ import annotations

import http.client
import json
import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
from urllib.parse import urlparse

class Case:
    """One kind of request. `version_of(index)` (saves) gives the draft's current version.
    `paths`: requests go to these in turn instead of `path` (distinct questions, none asked twice
    while there are more paths than requests)."""

    def __init__(self, method, path, headers=None, body=None, drafts=None, paths=None):
        self.method, self.path, self.headers, self.body = method, path, headers or {}, body
        self.drafts = drafts  # for saves: draft id per client
        self.paths = paths

    def save_body(self, index, version):
        return json.dumps({"version": version, "sections": {"overview": {
            "title": f"压测成果{index}-{version}", "keywords": ["测试", "实验"]}}},
            ensure_ascii=False)


def _lua_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # the escapes JSON uses are Lua's too


WRK_DONE = """
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.1f %.1f %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def _wrk_script(case: Case, versions: list[int] | None) -> str:
    headers = "".join(f"wrk.headers[{_lua_string(k)}] = {_lua_string(v)}\n"
                      for k, v in case.headers.items())
    if case.paths:
        listed = ", ".join(_lua_string(p) for p in case.paths)
        return headers + f"""
local paths = {{{listed}}}
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
local turn = 0
function request()
  turn = turn + 1
  return wrk.format({_lua_string(case.method)}, paths[((offset * 7919 + turn) % #paths) + 1])
end
""" + WRK_DONE
    if case.drafts is None:
        return (f"wrk.method = {_lua_string(case.method)}\nwrk.path = {_lua_string(case.path)}\n"
                + headers + WRK_DONE)
    # saves: one connection per wrk thread, each thread owns one draft and follows its 版本号
    drafts = ", ".join(str(d) for d in case.drafts)
    vers = ", ".join(str(v) for v in versions)
    return headers + f"""
local drafts = {{{drafts}}}
local versions = {{{vers}}}
local counter = 1
function setup(thread)
  thread:set("index", counter - 1)
  thread:set("draft", drafts[counter])
  thread:set("version", versions[counter])
  counter = counter + 1
end
function request()
  local body = string.format('{{"version": %d, "sections": {{"overview": {{"title": "压测成果%d-%d", "keywords": ["测试", "实验"]}}}}}}', version, index, version)
  return wrk.format("PUT", "/api/v1/achievements/" .. draft, nil, body)
end
function response(status, headers, body)
  if status == 200 then
    local v = string.match(body, '"version"%s*:%s*(%d+)')
    if v then version = tonumber(v) end
  elseif status == 409 then  -- counted as an error; the next save follows the current version
    local v = string.match(body, '"current_version"%s*:%s*(%d+)')
    if v then version = tonumber(v) end
  end
end
""" + WRK_DONE


def run_wrk(url: str, case: Case, clients: int, seconds: float, versions=None) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False, encoding="utf-8") as f:
        f.write(_wrk_script(case, versions))
        script = f.name
    try:
        out = subprocess.run(["wrk", "-t", str(clients), "-c", str(clients), "-d", f"{seconds:.0f}s",
                              "--timeout", "30s", "-s", script, url.rstrip("/") + case.path],
                             capture_output=True, text=True, timeout=seconds + 120)
    finally:
        os.unlink(script)
    line = next((l for l in out.stdout.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {out.stdout}\n{out.stderr}")
    n, duration_us, p50, p99, status_errors, socket_errors = line.split()[1:]
    return {"rps": int(n) / (int(duration_us) / 1e6), "p50": float(p50) / 1000,
            "p99": float(p99) / 1000, "n": int(n), "errors": int(status_errors) + int(socket_errors)}


def run_threads(url: str, case: Case, clients: int, seconds: float, versions=None) -> dict:
    target = urlparse(url)
    latencies, errors, lock = [], [0], threading.Lock()
    turns = iter(range(10**9))
    stop_at = time.perf_counter() + seconds

    def client(index):
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        mine, version = [], versions[index] if versions else None
        while time.perf_counter() < stop_at:
            path, body = case.path, case.body
            if case.paths:
                with lock:
                    path = case.paths[next(turns) % len(case.paths)]
            if case.drafts is not None:
                path, body = f"/api/v1/achievements/{case.drafts[index]}", case.save_body(index, version)
            started = time.perf_counter()
            conn.request(case.method, path, headers=case.headers,  # http.client would send str as Latin-1
                         body=body.encode() if isinstance(body, str) else body)
            response = conn.getresponse()
            data = response.read()
            mine.append(time.perf_counter() - started)
            if response.status >= 400:
                with lock:
                    errors[0] += 1
                if response.status == 409 and case.drafts is not None:  # follow the current one
                    found = re.search(rb'"current_version"\s*:\s*(\d+)', data)
                    version = int(found.group(1)) if found else version
            elif case.drafts is not None:
                version = json.loads(data)["version"]
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "p99": latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000,
            "n": len(latencies), "errors": errors[0]}
