"""Guide replies: all three fields required, the email kept but never handed back, nothing public
before approval, and a rate limit per address and per email that survives a restart."""

from __future__ import annotations

import dataclasses
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from twitchwise.domain.errors import InputError, NotFoundError
from twitchwise.storage.discussion import COMMENT_MAX, RATE_LIMIT, RATE_WINDOW, Reply
from twitchwise.storage.store import Store
from twitchwise.storage.tables import GuideReplyRow

T = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
EMAIL = "ann@example.org"


def add(
    store: Store,
    *,
    name: str = "Ann",
    email: str = EMAIL,
    comment: str = "Magnesium helped me.",
    at: datetime = T,
    address: str = "192.0.2.1",
    topic: str = "sleep",
) -> Reply:
    with store.discussion(write=True) as discussion:
        return discussion.add_reply(topic, name, email, comment, at, address)


def stored(store: Store) -> list[GuideReplyRow]:
    with store.discussion() as discussion:
        return list(discussion.session.scalars(select(GuideReplyRow)))


def test_a_reply_waits_for_approval_and_then_is_public(store: Store) -> None:
    reply = add(store)
    with store.discussion() as discussion:
        assert discussion.approved("sleep") == []
        assert [r.id for r in discussion.pending()] == [reply.id]
    with store.discussion(write=True) as discussion:
        discussion.approve(reply.id, T + timedelta(hours=1))
    with store.discussion() as discussion:
        shown = discussion.approved("sleep")
        assert discussion.pending() == []
        assert discussion.approved("caffeine") == []
    assert [(r.name, r.comment, r.at, r.approved) for r in shown] == [
        ("Ann", "Magnesium helped me.", T, True)
    ]


def test_the_email_is_stored_but_never_handed_back(store: Store) -> None:
    reply = add(store)
    assert "email" not in {f.name for f in dataclasses.fields(Reply)}
    assert EMAIL not in repr(reply)
    assert [row.email for row in stored(store)] == [EMAIL]


def test_the_address_is_kept_only_as_a_keyed_hash(store: Store) -> None:
    add(store, address="192.0.2.1")
    (row,) = stored(store)
    assert row.client_key is not None
    assert "192.0.2.1" not in row.client_key
    assert len(row.client_key) == 64


def test_an_address_hash_is_erased_once_the_window_has_passed(store: Store) -> None:
    add(store, address="192.0.2.1")
    add(store, email="bob@example.org", address="192.0.2.2", at=T + RATE_WINDOW)
    keys = [row.client_key for row in sorted(stored(store), key=lambda row: row.id)]
    assert keys[0] is None
    assert keys[1] is not None


def test_every_missing_field_is_reported_at_once_and_nothing_is_stored(store: Store) -> None:
    with pytest.raises(InputError) as caught:
        add(store, name="  ", email="", comment="\n ")
    assert [p.field for p in caught.value.problems] == ["name", "email", "comment"]
    assert stored(store) == []


@pytest.mark.parametrize("email", ["ann", "ann@", "@example.org", "ann@example", "a n@x.org"])
def test_an_email_of_the_wrong_shape_is_refused(store: Store, email: str) -> None:
    with pytest.raises(InputError) as caught:
        add(store, email=email)
    assert caught.value.field == "email"


def test_fields_are_trimmed_and_line_breaks_kept(store: Store) -> None:
    reply = add(store, name="  Ann ", email=" ann@example.org ", comment=" one\r\ntwo \n")
    assert (reply.name, reply.comment) == ("Ann", "one\ntwo")
    assert stored(store)[0].email == "ann@example.org"


def test_length_limits_are_enforced(store: Store) -> None:
    with pytest.raises(InputError) as caught:
        add(store, name="A" * 81, comment="x" * (COMMENT_MAX + 1))
    assert [p.field for p in caught.value.problems] == ["name", "comment"]


def test_control_characters_are_refused(store: Store) -> None:
    with pytest.raises(InputError) as caught:
        add(store, name="Ann\nEvil", comment="nul \x00 byte")
    assert [p.field for p in caught.value.problems] == ["name", "comment"]


def test_a_topic_must_look_like_one(store: Store) -> None:
    with pytest.raises(InputError) as caught:
        add(store, topic="../etc")
    assert caught.value.field == "topic"


def test_the_fourth_reply_from_one_address_in_the_window_is_refused(store: Store) -> None:
    for n in range(3):
        add(store, email=f"u{n}@example.org", at=T + timedelta(minutes=n))
    with pytest.raises(InputError) as caught:
        add(store, email="u3@example.org", at=T + timedelta(minutes=3))
    assert caught.value.field == "reply"
    assert "wait" in caught.value.reason
    add(store, email="u4@example.org", address="192.0.2.99", at=T + timedelta(minutes=3))
    add(store, email="u5@example.org", at=T + RATE_WINDOW + timedelta(minutes=1))
    assert len(stored(store)) == 5


def test_the_fourth_reply_from_one_email_in_the_window_is_refused(store: Store) -> None:
    for n in range(3):
        add(store, address=f"192.0.2.{n}")
    with pytest.raises(InputError):
        add(store, email=EMAIL.upper(), address="192.0.2.50")


def test_one_ipv6_host_counts_as_its_slash_64(store: Store) -> None:
    for n in range(3):
        add(store, email=f"u{n}@example.org", address=f"2001:db8::{n + 1}")
    with pytest.raises(InputError):
        add(store, email="u9@example.org", address="2001:db8::ffff")


def test_the_rate_limit_survives_a_restart(store: Store, engine: Engine) -> None:
    for n in range(3):
        add(store, email=f"u{n}@example.org")
    restarted = Store(engine, zone="Europe/London")
    with pytest.raises(InputError):
        add(restarted, email="u9@example.org")


def test_reject_deletes_and_a_missing_reply_is_not_found(store: Store) -> None:
    reply = add(store)
    with store.discussion(write=True) as discussion:
        discussion.reject(reply.id)
    assert stored(store) == []
    with pytest.raises(NotFoundError), store.discussion(write=True) as discussion:
        discussion.approve(reply.id, T)


def test_replies_leave_the_journal_revision_alone(store: Store) -> None:
    before = store.revision()
    add(store)
    assert store.revision() == before


def test_a_burst_of_replies_from_one_address_gets_only_the_limit_through(store: Store) -> None:
    start = threading.Barrier(12)

    def one(n: int) -> bool:
        start.wait()
        try:
            add(store, email=f"sender{n}@example.org", address=f"2001:db8:1:2::{n + 1}")
        except InputError:
            return False
        return True

    with ThreadPoolExecutor(max_workers=12) as pool:
        accepted = sum(pool.map(one, range(12)))
    assert accepted == RATE_LIMIT, "one /64, many addresses, one burst: the limit holds"
    assert len(stored(store)) == RATE_LIMIT
