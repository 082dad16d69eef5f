"""Model checks that must hold at any time of day."""

import pytest
import time_machine

from kehoach.notify.models import NotificationSettings


@pytest.mark.parametrize("moment", ["07:30:00", "07:30:05", "08:00:00", "00:00:00"])
def test_default_hours_pass_the_system_check_at_those_hours(moment):
    # Django warns (fields.W161) about a fixed time default when the check
    # runs within ten seconds of that time of day (in UTC).
    with time_machine.travel(f"2026-11-27 {moment} +00:00", tick=False):
        warnings = [w.id for w in NotificationSettings.check()]
    assert "fields.W161" not in warnings
