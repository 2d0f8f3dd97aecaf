"""Timestamps: ISO 8601 UTC with milliseconds and Z, the same text on every path."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from mockserver.clock import Clock, iso, iso_from_millis


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        pytest.param(
            datetime(2025, 1, 15, 10, 30, tzinfo=UTC), "2025-01-15T10:30:00.000Z", id="whole"
        ),
        pytest.param(
            datetime(2025, 1, 15, 10, 30, 0, 999_999, tzinfo=UTC),
            "2025-01-15T10:30:00.999Z",
            id="milliseconds-truncated",
        ),
        pytest.param(
            datetime(2025, 1, 15, 1, 0, tzinfo=timezone(timedelta(hours=2))),
            "2025-01-14T23:00:00.000Z",
            id="converted-to-utc",
        ),
        pytest.param(datetime(1000, 1, 1, tzinfo=UTC), "1000-01-01T00:00:00.000Z", id="year-1000"),
        pytest.param(
            datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
            "9999-12-31T23:59:59.999Z",
            id="last-moment",
        ),
    ],
)
def test_iso_writes_utc_with_milliseconds_and_z(moment: datetime, text: str) -> None:
    assert iso(moment) == text


def test_years_below_1000_keep_their_written_form() -> None:
    """The clamped lower bound of a date filter reads as before the faster formatting."""
    assert iso_from_millis(-(10**20)) == datetime(1, 1, 1, tzinfo=UTC).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z"
    )


def test_write_timestamps_strictly_increase() -> None:
    clock = Clock()
    stamps = [clock.now() for _ in range(50)]
    assert stamps == sorted(set(stamps))
