"""The daily digest as a task that queues itself, and the mails as a task."""

import datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.management import call_command

import pytest
from django_tasks import TaskContext, default_task_backend

from samenzorg.core.models import Delivery, TaskSchedule
from samenzorg.core.notification_tasks import next_digest_time, send_daily_digests

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
UTC = datetime.UTC


@pytest.fixture
def dummy_tasks(settings):
    """A backend that queues tasks for later and runs none."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Winter time (UTC+1): 05:00 UTC is 06:00 in Amsterdam, so today at 07:00.
        (datetime.datetime(2026, 12, 2, 5, 0, tzinfo=UTC), (2026, 12, 2, 6, 0)),
        # Just after 07:00: tomorrow.
        (datetime.datetime(2026, 12, 2, 6, 1, tzinfo=UTC), (2026, 12, 3, 6, 0)),
        # Summer time (UTC+2): 07:00 in Amsterdam is 05:00 UTC.
        (datetime.datetime(2026, 7, 1, 12, 0, tzinfo=UTC), (2026, 7, 2, 5, 0)),
        # The night the clocks go forward: still 07:00 local, now UTC+2.
        (datetime.datetime(2026, 3, 28, 22, 0, tzinfo=UTC), (2026, 3, 29, 5, 0)),
    ],
)
def test_digest_runs_at_seven_in_amsterdam(now, expected):
    run = next_digest_time(now)
    assert run.astimezone(UTC) == datetime.datetime(*expected, tzinfo=UTC)
    assert run.astimezone(AMSTERDAM).hour == 7


def test_digest_task_sends_the_digests_with_the_immediate_backend():
    NotificationFactory(delivery=Delivery.DIGEST)
    result = send_daily_digests.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 1
    # The immediate backend cannot run a task later, so nothing is queued.
    assert not TaskSchedule.objects.exists()


def test_schedule_queues_one_run_however_often_it_is_asked(dummy_tasks, capsys):
    call_command("send_digests", "--schedule")
    call_command("send_digests", "--schedule")
    assert len(dummy_tasks.results) == 1
    queued = dummy_tasks.results[0]
    assert queued.task.name == "send_daily_digests"
    assert queued.task.run_after.astimezone(AMSTERDAM).hour == 7
    schedule = TaskSchedule.objects.get()
    assert schedule.result_id == queued.id
    output = capsys.readouterr().out
    assert "ingepland" in output
    assert "staat al in de wachtrij" in output


def test_digest_task_queues_the_next_morning(dummy_tasks):
    call_command("send_digests", "--schedule")
    queued = dummy_tasks.results[0]
    NotificationFactory(delivery=Delivery.DIGEST)

    # What the worker does when the queued run is due:
    sent = send_daily_digests.call(TaskContext(task_result=queued))

    assert sent == 1
    assert len(dummy_tasks.results) == 2
    following = dummy_tasks.results[1]
    assert TaskSchedule.objects.get().result_id == following.id
    assert following.id != queued.id
    assert following.task.run_after.astimezone(AMSTERDAM).hour == 7


def test_schedule_explains_when_the_backend_runs_tasks_at_once(capsys):
    call_command("send_digests", "--schedule")
    assert not TaskSchedule.objects.exists()
    assert "cron" in capsys.readouterr().out


def test_mail_task_sends_once():
    from samenzorg.core.notification_tasks import send_notification_mails

    notification = NotificationFactory()
    send_notification_mails.enqueue([notification.pk])
    send_notification_mails.enqueue([notification.pk])
    assert len(mail.outbox) == 1
