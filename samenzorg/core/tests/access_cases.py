"""Core's records per visibility case, for the access-twin test."""

from samenzorg.core.models import TaskProgress

from .factories import NotificationFactory


def task_progress(world):
    users = world["users"]
    return [
        TaskProgress.objects.create(owner=users["initiatiefnemer"], kind="test"),
        TaskProgress.objects.create(owner=users["gemeente"], kind="test"),
        TaskProgress.objects.create(owner=None, kind="test"),
    ]


def notifications(world):
    users = world["users"]
    return [
        NotificationFactory(recipient=users["bewoner"]),
        NotificationFactory(recipient=users["area_gemeente"]),
    ]


CASES = {
    "core.view_taskprogress": task_progress,
    "core.view_notification": notifications,
}
