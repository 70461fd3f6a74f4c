"""Reading what core keeps for every app: the progress of background tasks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from .models import TaskProgress
from .rules import is_beheerder


def task_progress_visible(*, user) -> QuerySet[TaskProgress]:
    """The progress records ``user`` may follow (twin of ``core.view_taskprogress``):
    their own; a beheerder's, all."""
    if not (user and user.is_authenticated):
        return TaskProgress.objects.none()
    if is_beheerder(user):
        return TaskProgress.objects.all()
    return TaskProgress.objects.filter(owner=user)


def task_progress_get(*, user, pk, kind: str = "") -> TaskProgress:
    """A record ``user`` may follow (of ``kind``, when given); 404 otherwise."""
    records = task_progress_visible(user=user)
    if kind:
        records = records.filter(kind=kind)
    try:
        return records.get(pk=pk)
    except (TaskProgress.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def task_progress_latest(*, user, kind: str, subject: str) -> TaskProgress | None:
    """The newest record of ``kind`` about ``subject`` that ``user`` may follow."""
    return (
        task_progress_visible(user=user)
        .filter(kind=kind, subject=subject)
        .order_by("-created_at")
        .first()
    )
