"""A reminder chosen on the reminders page, in Chromium at desktop and phone width (issue 19):
added by a form, sent at once to a webhook receiver the test starts (apprise ``json://``), and
stopped by the link in the message, opened and clicked in the browser; axe-core clean."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.harness import LiveServer, Watched, shoot
from tests.services.receiver import receiver

pytestmark = pytest.mark.slow


def test_a_reminder_is_added_delivered_and_stopped_by_its_link(
    fresh_server: LiveServer, page: Any, watched: Watched, axe_source: str
) -> None:
    with receiver() as hook:
        page.goto(fresh_server.url + "/reminders")
        page.fill("#remind-name", "evening")
        page.fill("#remind-at", "21:30")
        page.fill("#remind-to", hook.url)
        page.fill("#remind-quiet", "23:00-07:00")
        page.click("text=Add the reminder")
        assert page.locator("li", has_text="daily at 21:30, quiet 23:00-07:00").count() == 1
        page.click("text=Send evening now")
        assert page.locator("[role=status]", has_text="Sent “evening”.").count() == 1
        shoot(page, "reminders", axe_source)
        assert len(hook.bodies) == 1
    message = hook.bodies[0]["message"]
    link = re.search(r"https?://\S+/remind/stop/(\S+)", message)
    assert link is not None, message
    page.goto(f"{fresh_server.url}/remind/stop/{link.group(1)}")
    shoot(page, "reminder-stop", axe_source)
    page.click("text=Stop this reminder")
    assert page.locator("[role=status]", has_text="is stopped").count() == 1
    page.goto(fresh_server.url + "/reminders")
    assert page.locator("li", has_text="Evening check-in, stopped").count() == 1
    watched.assert_only(fresh_server)
