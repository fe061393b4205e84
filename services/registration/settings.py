"""Settings of the registration service, read once from the REGISTRATION section of its config
(services/registration/config.yaml)."""
from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class RegistrationSettings:
    window_months: int = 6             # apply within N months of evaluation (0: no window)
    window_at_submit: str = "refuse"   # past the window: "refuse" at submit, or only "warn"
    max_file_bytes: int = 20 * MB
    max_total_bytes: int = 200 * MB

    @classmethod
    def from_config(cls, config: dict) -> "RegistrationSettings":
        section = dict(config.get("REGISTRATION") or {})

        def megabytes(name: str, default: int) -> int:
            return int(float(section.get(name, default / MB)) * MB)

        return cls(window_months=int(section.get("window_months", cls.window_months)),
                   window_at_submit=str(section.get("window_at_submit", cls.window_at_submit)),
                   max_file_bytes=megabytes("max_file_mb", cls.max_file_bytes),
                   max_total_bytes=megabytes("max_total_mb", cls.max_total_bytes))
