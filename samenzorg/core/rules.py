"""Predicates shared by the apps' rules.py files.

The role predicates here are city-wide: a role held for one area (such as the
gemeente's contact person for Escamp) does not count, since it gives rights in that
area only. Rules that give such rights build their predicate with
``access.role_for_object_areas`` and their selectors use ``access.role_area_q``.
Every predicate reads the user's roles from the cached list on the user, so asking
several questions in one request costs one query.
"""

import rules

from .access import role_predicate
from .roles import Role, holds_role_anywhere, holds_role_citywide


@rules.predicate
def is_beheerder(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_superuser
    ) or holds_role_citywide(user, Role.BEHEERDER)


is_gemeente = role_predicate(Role.GEMEENTE)
is_procesbegeleider = role_predicate(Role.PROCESBEGELEIDER)
is_initiatiefnemer = role_predicate(Role.INITIATIEFNEMER)


@rules.predicate
def is_gemeente_anywhere(user) -> bool:
    """Gemeente staff for the whole city or for at least one area."""
    return holds_role_anywhere(user, Role.GEMEENTE)


@rules.predicate
def is_procesbegeleider_anywhere(user) -> bool:
    """A facilitator for the whole city or for at least one area."""
    return holds_role_anywhere(user, Role.PROCESBEGELEIDER)


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated)


@rules.predicate
def is_confirmed(user) -> bool:
    return bool(user and user.is_authenticated and user.email_confirmed)


is_staff_member = is_gemeente | is_beheerder


# Documents ------------------------------------------------------------------------
#
# A document (core.Document) belongs to one record, its owner. Who may see the owner
# may see its documents; who may change the owner may add and delete them. The
# owner's rules are found by name: <app_label>.view_<model> and
# <app_label>.change_<model>, as each app declares them in its rules.py. Documents
# are never public: anonymous visitors see none, even of a public record.


def owner_permission(verb: str, owner) -> str:
    """The name of the owner's rule for ``verb``: ``initiatives.view_initiative``."""
    meta = owner._meta.concrete_model._meta
    return f"{meta.app_label}.{verb}_{meta.model_name}"


def _owner_allows(verb: str, user, owner) -> bool:
    return owner is not None and user.has_perm(owner_permission(verb, owner), owner)


@rules.predicate
def may_view_document_owner(user, document) -> bool:
    return document is not None and _owner_allows("view", user, document.owner)


@rules.predicate
def may_change_document_owner(user, document) -> bool:
    return document is not None and _owner_allows("change", user, document.owner)


@rules.predicate
def may_view_owner(user, owner) -> bool:
    return _owner_allows("view", user, owner)


@rules.predicate
def may_change_owner(user, owner) -> bool:
    return _owner_allows("change", user, owner)


can_change_document = (
    rules.is_authenticated & may_view_document_owner & may_change_document_owner
)

rules.add_perm("core.view_document", rules.is_authenticated & may_view_document_owner)
rules.add_perm("core.change_document", can_change_document)
rules.add_perm("core.delete_document", can_change_document)
# Asked with the owner, not a document: may this user add a document to it?
rules.add_perm(
    "core.add_document", rules.is_authenticated & may_view_owner & may_change_owner
)


@rules.predicate
def is_task_owner(user, progress) -> bool:
    return bool(
        progress is not None
        and user is not None
        and user.is_authenticated
        and progress.owner_id == user.pk
    )


# Twin: selectors.task_progress_visible.
rules.add_perm("core.view_taskprogress", is_task_owner | is_beheerder)


@rules.predicate
def is_recipient(user, notification) -> bool:
    return bool(
        notification is not None
        and user is not None
        and user.is_authenticated
        and notification.recipient_id == user.pk
    )


# Twin: notifications.notification_list. Nobody reads another's notifications.
rules.add_perm("core.view_notification", is_recipient)
