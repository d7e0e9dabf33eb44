"""The open mic: topics raised and answered in the guide (no login) and on the staff's page,
where the coordination takes them up. Workflows are in network/openmic.py."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from anlaufstelle.core.permissions import has_role, require_roles
from anlaufstelle.core.roles import Role
from anlaufstelle.network import openmic
from anlaufstelle.network.forms import AnswerForm, PublicTopicForm, TopicDecisionForm, TopicForm
from anlaufstelle.network.models import Topic
from anlaufstelle.network.views import MODERATORS, _too_many, decided, in_language

# Anyone of the house answers; the coordination decides.
STAFF = tuple(Role)


@require_http_methods(["GET", "HEAD"])
@in_language
def board(request: HttpRequest, lang: str) -> HttpResponse:
    return render(request, "network/open_mic.html", {"lang": lang, "topics": openmic.shown()})


@require_http_methods(["GET", "POST"])
@in_language
def new(request: HttpRequest, lang: str) -> HttpResponse:
    form = PublicTopicForm(request.POST if request.method == "POST" else None, language=lang)
    status = 200
    if form.is_bound:
        if _too_many(request):
            form.add_error(None, _("Too many posts from here for now. Please try again later."))
            status = 429
        elif form.is_valid():
            openmic.raise_topic(data=form.topic_data(), key=form.cleaned_data["submission"])
            message = _(
                "Your topic has been sent. It is shown at the open mic once a moderator has "
                "checked it."
            )
            sent = {"lang": lang, "message": message, "back": "open_mic"}
            return render(request, "network/sent.html", sent)
        else:
            status = 400
    context: dict[str, object] = {"lang": lang, "form": form}
    return render(request, "network/open_mic_new.html", context, status=status)


def _page(request: HttpRequest, status: int = 200, **forms: object) -> HttpResponse:
    topics = openmic.shown()
    failed = forms.get("failed")
    for topic in topics:
        # Each topic's answer form its own key: one answer per form, however often it is sent.
        # The one sent and refused comes back as typed, with its key and its errors.
        if failed is not None and failed.topic_id == topic.pk:  # type: ignore[attr-defined]
            topic.answer_form = failed  # type: ignore[attr-defined]
        else:
            topic.answer_form = AnswerForm(  # type: ignore[attr-defined]
                initial={"language": get_language(), "submission": uuid.uuid4()}
            )
    context = {
        "waiting": openmic.waiting(),
        "topics": topics,
        "form": forms.get("form") or TopicForm(language=get_language() or settings.LANGUAGE_CODE),
        "moderates": has_role(request.user, *MODERATORS),
    }
    return render(request, "network/open_mic_staff.html", context, status=status)


@require_roles(*STAFF)
@require_http_methods(["GET", "POST"])
def staff(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request)
    form = TopicForm(request.POST)
    if form.is_valid():
        _topic, new_topic = openmic.raise_topic(
            data=form.topic_data(), key=form.cleaned_data["submission"], user=request.user
        )
        messages.success(
            request,
            _("The topic is open.")
            if new_topic
            else _("This form had been sent already: the topic was raised once."),
        )
        return redirect("network:open_mic")
    return _page(request, 400, form=form)


@require_roles(*STAFF)
def answer(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=topic_id, state__in=openmic.SHOWN)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AnswerForm(request.POST)
    form.topic_id = topic.pk  # type: ignore[attr-defined]
    if form.is_valid():
        data = {"language": form.cleaned_data["language"], "body": form.cleaned_data["body"]}
        saved = openmic.answer(
            user=request.user, topic_id=topic.pk, data=data, key=form.cleaned_data["submission"]
        )
        if saved is None:
            messages.error(request, _("This topic was taken off meanwhile; nothing was saved."))
        else:
            messages.success(request, _("The answer has been saved."))
        return redirect("network:open_mic")
    return _page(request, 400, failed=form)


@require_roles(*MODERATORS)
def decide(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=topic_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return decided(
        request,
        TopicDecisionForm(request.POST),
        back="network:open_mic",
        needs_text=("take_up", "outcome", _("Say what came of it.")),
        decide=lambda data: openmic.decide(
            user=request.user,
            topic_id=topic.pk,
            version=data["version"],
            decision=data["decision"],
            outcome=data["outcome"],
        ),
        conflict=_(
            "Another moderator decided on this topic meanwhile. Nothing was changed: see it "
            "as it is now."
        ),
    )
