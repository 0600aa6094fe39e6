"""One value of an indicator's series, with where it comes from (``series.Point``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Point:
    """A value on a day (or at the end of the period it measures), its interval when it is an
    estimate, and its source: a title and a link (a palermo page address or the publisher's)."""

    date: datetime.date
    value: Decimal
    low: Decimal | None
    high: Decimal | None
    source: str
    source_url: str
    #: What the reader needs to read the value right (e.g. "average per year, 2018–2022").
    note: str = ""
