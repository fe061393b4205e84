"""UTC time: the one clock every service stores and compares in."""
from __future__ import annotations

import datetime as dt

CHINA = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")  # dates people see (证书、登记号年份)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A naive datetime is UTC (that is all the system stores); an aware one is converted."""
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None \
        else moment.astimezone(dt.timezone.utc)
