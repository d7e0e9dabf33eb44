from django.urls import path

from anlaufstelle.network import openmic_views, partner_views, views

app_name = "network"

urlpatterns = [
    path("pinboard/", views.moderation, name="moderation"),
    path("pinboard/<int:post_id>/decide/", views.decide, name="decide"),
    path("pinboard/translate/", views.translate, name="translate"),
    path("pinboard/ours/", partner_views.posts, name="posts"),
    path("pinboard/<int:post_id>/withdraw/", partner_views.withdraw, name="withdraw"),
    path("partner/", partner_views.home, name="partner"),
    path("partner/profile/", partner_views.profile, name="partner_profile"),
    path("partner/offers/new/", partner_views.offer_new, name="offer_new"),
    path("partner/offers/<int:offer_id>/", partner_views.offer_edit, name="offer_edit"),
    path("offers/", views.staff_offers, name="offers"),
    path("open-mic/", openmic_views.staff, name="open_mic"),
    path("open-mic/<int:topic_id>/answer/", openmic_views.answer, name="answer"),
    path("open-mic/<int:topic_id>/decide/", openmic_views.decide, name="decide_topic"),
]
