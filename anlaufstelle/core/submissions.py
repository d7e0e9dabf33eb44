"""Creating forms take effect once (see `Submission`).

`once(user, key, create)` runs `create` inside the caller's transaction unless this user's
form with this key has created something already, and then returns that instead. The key's row
is written first: a second submission of the same form at the same moment waits on it until
the first commits, then finds the result; if the first failed and rolled back, the second
simply creates.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction

from anlaufstelle.core.models import Submission

M = TypeVar("M", bound=models.Model)


def new_key() -> uuid.UUID:
    return uuid.uuid4()


def _label(instance: models.Model) -> str:
    return f"{instance._meta.label_lower}:{instance.pk}"


def _result(submission: Submission) -> models.Model | None:
    label, _, pk = submission.result.rpartition(":")
    if not label:
        return None
    return apps.get_model(label)._default_manager.filter(pk=pk).first()


@transaction.atomic
def once(user: Any, key: uuid.UUID, create: Callable[[], M | None]) -> tuple[M | None, bool]:
    """What the form with `key` created: (the object, True) if this call created it, (the
    object, False) if an earlier submission of the same form did. `create` may decline
    (None: nothing created, e.g. a registration stopped by the duplicate check); the form can
    then be sent again with the same key."""
    try:
        with transaction.atomic():
            submission = Submission.objects.create(key=key, user=user)
    except IntegrityError:
        submission = Submission.objects.select_for_update().get(key=key)
        if submission.user_id != user.pk:
            raise PermissionDenied("a form key of another user") from None
        earlier = _result(submission)
        if earlier is not None:
            # `create` makes objects of one model, and this key's result was made by it.
            return cast(M, earlier), False
    created = create()
    if created is not None:
        submission.result = _label(created)
        submission.save(update_fields=["result"])
    return created, True


def created_once(user: Any, key: uuid.UUID | None, create: Callable[[], M]) -> tuple[M, bool]:
    """`once` for a creating form whose `create` never declines. A form sent without a key (a
    page from before the field, a mangled key) simply creates, in a transaction of its own."""
    if key is None:
        with transaction.atomic():
            return create(), True
    made, new = once(user, key, create)
    assert made is not None  # `create` never declines
    return made, new
