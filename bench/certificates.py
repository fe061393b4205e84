"""Certificate figures: rendering one 科技成果登记证书 (median of 100), the time from the
office's approval to the certificate being downloadable through the gateway, and the peak memory
of the certificates process and of its rendering process under concurrent approvals.

    .venv/bin/python bench/certificates.py [--renders 100] [--journeys 5] [--approvals 20]
                                           [--backend sqlite]

The first part runs in this process (the same functions the rendering process calls); the
others start their own system (tests/support/system.py) and drive it over HTTP. `--approvals N`
submits N achievements, then approves them all at once (N office requests in parallel) and waits
until every certificate is downloadable; bench/run_all.py runs the same before reading memory.
"""
from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from services.certificates.rendering import (generate_development_identity,  # noqa: E402
                                             render_certificate, render_certificate_preview_png,
                                             sign_pdf)

CERT = {"registration_number": "6202026Y0001", "title": "高寒旱区马铃薯全程机械化关键装备研制与应用",
        "category": "应用技术类", "units": ["甘肃省农业机械化技术推广总站", "甘肃某农机装备有限公司"],
        "completers": ["王伟任", "张丽", "赵敏", "陈刚", "刘芳"], "evaluation_method": "验收",
        "evaluation_unit": "甘肃省科学技术厅", "evaluation_date": "2026-10-15",
        "registered_on": "2026-11-25", "check_code": "7KQ2M9"}


def timed(function, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        out.append((time.perf_counter() - started) * 1000)
    return out


def in_process(runs: int) -> None:
    key, cert = generate_development_identity()
    url = "http://127.0.0.1:8000/verify?number=6202026Y0001&code=7KQ2M9"
    render_certificate(CERT, verify_url=url)  # font registration happens once per process
    render = timed(lambda: render_certificate(CERT, verify_url=url), runs)
    pdf = render_certificate(CERT, verify_url=url)
    sign = timed(lambda: sign_pdf(pdf, key_pem=key, cert_pem=cert), runs)
    signed = sign_pdf(pdf, key_pem=key, cert_pem=cert)
    preview = timed(lambda: render_certificate_preview_png(signed), max(runs // 4, 5))
    print(f"render   median {statistics.median(render):6.1f} ms  p90 {sorted(render)[int(runs * .9)]:6.1f} ms  ({runs} runs)")
    print(f"sign     median {statistics.median(sign):6.1f} ms  p90 {sorted(sign)[int(runs * .9)]:6.1f} ms")
    print(f"preview  median {statistics.median(preview):6.1f} ms")


def concurrent_approvals(system, office, registrant, count: int) -> dict:
    """`count` submitted achievements approved at once; {"seconds": until every certificate is
    downloadable, "count"}."""
    from tests.support.achievements import filled, task_for
    drafts = []
    for _ in range(count):
        draft = filled(registrant, "soft")
        assert registrant.post(f"/api/v1/achievements/{draft['id']}/submit").status_code == 200
        drafts.append(draft["id"])
    cases = [task_for(office, d, timeout=60)["case_id"] for d in drafts]
    target = urlparse(system.url)
    statuses, gate = [], threading.Barrier(count)

    def approve(case_id):
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        gate.wait()
        conn.request("POST", f"/api/v1/review/cases/{case_id}/approve",
                     headers={"Authorization": f"Bearer {office.token}"})
        statuses.append(conn.getresponse().status)

    started = time.perf_counter()
    threads = [threading.Thread(target=approve, args=(c,)) for c in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * count, statuses
    waiting, deadline = set(drafts), time.time() + 120
    while waiting:
        assert time.time() < deadline, f"{len(waiting)} certificates never came"
        waiting = {d for d in waiting
                   if registrant.get(f"/api/v1/achievements/{d}/certificate.pdf").status_code != 200}
        time.sleep(0.05)
    return {"seconds": time.perf_counter() - started, "count": count}


def approval_to_download(journeys: int, backend: str, approvals: int) -> None:
    from tests.support.achievements import filled
    from tests.support.client import office_user, signed_up_registrant
    from tests.support.system import System
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    with tempfile.TemporaryDirectory() as workdir:
        system = System(workdir, backend).up()
        try:
            office, registrant = office_user(system), signed_up_registrant(system)
            waits = []
            for _ in range(journeys):
                draft = filled(registrant, "soft")
                registrant.post(f"/api/v1/achievements/{draft['id']}/submit")
                case = None
                while case is None:
                    case = next((c for c in office.get("/api/v1/review/tasks").json()["items"]
                                 if c["draft_id"] == draft["id"]), None)
                started = time.perf_counter()
                assert office.post(f"/api/v1/review/cases/{case['case_id']}/approve").status_code == 200
                while registrant.get(f"/api/v1/achievements/{draft['id']}/certificate.pdf").status_code != 200:
                    time.sleep(0.01)
                waits.append((time.perf_counter() - started) * 1000)
            print(f"approval → downloadable ({backend}): median {statistics.median(waits):.0f} ms, "
                  f"max {max(waits):.0f} ms over {journeys}")
            if approvals:
                done = concurrent_approvals(system, office, registrant, approvals)
                print(f"{approvals} approvals at once → all downloadable in {done['seconds']:.1f} s")
            from figures import process_tree_rss
            for label, (now_mb, peak) in process_tree_rss(system.programs["certificates"].process.pid,
                                                          "certificates").items():
                print(f"  {label:<24} RSS now {now_mb:4.0f} MB, peak {peak:4.0f} MB")
        finally:
            system.down()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=100)
    parser.add_argument("--journeys", type=int, default=5)
    parser.add_argument("--approvals", type=int, default=20)
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    in_process(args.renders)
    approval_to_download(args.journeys, args.backend, args.approvals)
