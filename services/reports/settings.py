"""Settings of the reports service, read once from the REPORTS section of its config
(services/reports/config.yaml)."""
from __future__ import annotations

from dataclasses import dataclass

from .domain.calendar import parse_year_start

MB = 1024 * 1024


@dataclass(frozen=True)
class ReportsSettings:
    statistics_year_start: tuple[int, int] = (11, 1)    # 统计年度 from 11-01 to 10-31
    public_url: str = "http://127.0.0.1:8000"
    max_export_rows: int = 1_000_000
    max_export_bytes: int = 4096 * MB
    office_name: str = "甘肃省科学技术厅"    # the producer named in a package's manifest

    @classmethod
    def from_config(cls, config: dict) -> "ReportsSettings":
        section = dict(config.get("REPORTS") or {})
        return cls(statistics_year_start=parse_year_start(section.get("statistics_year_start") or "11-01"),
                   public_url=str(config.get("PUBLIC_URL") or cls.public_url).rstrip("/"),
                   max_export_rows=int(section.get("max_export_rows") or cls.max_export_rows),
                   office_name=str(section.get("office_name") or cls.office_name))
