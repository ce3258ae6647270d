"""``/api/v1/reminders`` and ``/api/v1/push``: the reminders the person chose, sent by the
server to an apprise URL or, with ``"to": "webpush"``, to the browsers they subscribed (VAPID).

A browser subscribes with the key from ``GET /api/v1/push/key`` as ``applicationServerKey`` and
posts what ``pushManager.subscribe`` gave to ``POST /api/v1/push/subscriptions``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from twitchwise.domain.reminders import WEEKDAYS, ReminderKind, clock_text
from twitchwise.services.channels import refuse_inside, vapid_public_key
from twitchwise.services.reminders import ReminderPlan, Sender, add_reminder
from twitchwise.storage.reminders import PushSubscription, Reminder
from twitchwise.web.state import here

router = APIRouter(tags=["reminders"])


class ReminderCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9._-]+$")]
    to: Annotated[
        str, Field(min_length=1, max_length=2000, description="an apprise URL or webpush")
    ]
    kind: Annotated[ReminderKind, Field(strict=False)] = ReminderKind.CHECKIN
    at: Annotated[str | None, Field(max_length=5, description="local time, HH:MM")] = None
    day: Annotated[str | None, Field(max_length=9, description="digest: the weekday")] = None
    after_minutes: Annotated[int | None, Field(ge=0, le=1440)] = None
    quiet: Annotated[str | None, Field(max_length=11, description="e.g. 22:00-07:00")] = None
    message: Annotated[str, Field(max_length=500)] = ""


class ReminderOut(BaseModel):
    name: str
    kind: str
    at: str | None
    day: str | None
    after_minutes: int | None
    to: str
    quiet: str | None
    message: str
    due_at: datetime | None
    last_sent_at: datetime | None
    last_error: str | None
    stopped: bool


def reminder_out(r: Reminder) -> ReminderOut:
    return ReminderOut(
        name=r.name,
        kind=r.kind,
        at=None if r.at_minute is None else clock_text(r.at_minute),
        day=None if r.weekday is None else WEEKDAYS[r.weekday],
        after_minutes=r.after_minutes,
        to=r.channel,
        quiet=None if r.quiet is None else f"{clock_text(r.quiet[0])}-{clock_text(r.quiet[1])}",
        message=r.message,
        due_at=r.due_at,
        last_sent_at=r.last_sent_at,
        last_error=r.last_error,
        stopped=r.stopped_at is not None,
    )


class Sent(BaseModel):
    sent: bool
    error: str | None


class PushKeys(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    p256dh: Annotated[str, Field(min_length=1, max_length=200)]
    auth: Annotated[str, Field(min_length=1, max_length=100)]


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)  # a browser's JSON has expirationTime

    endpoint: Annotated[str, Field(min_length=8, max_length=1000, pattern=r"^https?://")]
    keys: PushKeys


class SubscriptionDelete(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    endpoint: Annotated[str, Field(min_length=1, max_length=1000)]


class PushKey(BaseModel):
    public_key: str = Field(description="the VAPID public key, base64url (applicationServerKey)")


@router.get("/reminders", response_model=list[ReminderOut], summary="List the reminders")
def listed(request: Request) -> list[ReminderOut]:
    web = here(request)
    with web.web.store.reminders() as reminders:
        return [reminder_out(r) for r in reminders.of(web.owner)]


@router.post("/reminders", status_code=201, response_model=ReminderOut, summary="Add a reminder")
def create(body: ReminderCreate, request: Request) -> ReminderOut:
    web = here(request)
    plan = ReminderPlan(
        kind=body.kind,
        to=body.to,
        at=body.at,
        day=body.day,
        after_minutes=body.after_minutes,
        quiet=body.quiet,
        message=body.message,
        shared_server=web.web.settings.accounts,
    )
    return reminder_out(add_reminder(web.web.store, web.owner, body.name, plan, web.now()))


@router.delete("/reminders/{name}", status_code=204, summary="Remove a reminder")
def remove(name: str, request: Request) -> Response:
    web = here(request)
    with web.web.store.reminders() as reminders:
        reminders.remove(web.owner, name)
    return Response(status_code=204)


@router.post("/reminders/{name}/test", response_model=Sent, summary="Send a reminder now")
def send_now(name: str, request: Request) -> Sent:
    web = here(request)
    with web.web.store.reminders() as reminders:
        reminder = reminders.named(web.owner, name)
    sender = Sender(web.web.store, web.web.settings, web.web.clock)
    error = sender.deliver(reminder, web.web.clock.now(UTC))
    return Sent(sent=error is None, error=error)


@router.get("/push/key", response_model=PushKey, summary="The VAPID public key")
def push_key(request: Request) -> PushKey:
    web = here(request)
    return PushKey(public_key=vapid_public_key(web.web.store, web.web.clock.now(UTC)))


class Subscribed(BaseModel):
    endpoint: str


@router.post(
    "/push/subscriptions",
    status_code=201,
    response_model=Subscribed,
    summary="Subscribe this browser to push",
)
def subscribe(body: SubscriptionCreate, request: Request) -> Subscribed:
    web = here(request)
    if web.web.settings.accounts:
        refuse_inside(body.endpoint, "endpoint")
    sub = PushSubscription(body.endpoint, body.keys.p256dh, body.keys.auth)
    with web.web.store.reminders() as reminders:
        reminders.subscribe(web.owner, sub, web.web.clock.now(UTC))
    return Subscribed(endpoint=body.endpoint)


@router.delete("/push/subscriptions", status_code=204, summary="Unsubscribe a browser")
def unsubscribe(body: SubscriptionDelete, request: Request) -> Response:
    web = here(request)
    with web.web.store.reminders() as reminders:
        reminders.unsubscribe(web.owner, body.endpoint)
    return Response(status_code=204)
