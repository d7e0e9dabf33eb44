from django.urls import path

from anlaufstelle.payouts import views

app_name = "payouts"

urlpatterns = [
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/decisions/add/", views.decision_add, name="decision_add"),
    path("decisions/<int:decision_id>/payouts/add/", views.payout_add, name="payout_add"),
    path("release/", views.queue, name="queue"),
    path("<int:payout_id>/release/", views.release, name="release"),
    path("<int:payout_id>/cancel/", views.cancel, name="cancel"),
    path("runs/", views.runs, name="runs"),
    path("runs/new/", views.run_new, name="run_new"),
    path("runs/<int:run_id>/sepa.xml", views.run_file, name="run_file"),
    path("runs/<int:run_id>/executed/", views.run_executed, name="run_executed"),
    path("cheques/", views.cheques, name="cheques"),
    path("cheques/day/", views.cheque_day, name="cheque_day"),
    path("<int:payout_id>/cheque/", views.cheque_issue, name="cheque_issue"),
    path("cheques/<int:cheque_id>/cheque.pdf", views.cheque_pdf, name="cheque_pdf"),
    path("cheques/<int:cheque_id>/hand-over/", views.cheque_hand_over, name="cheque_hand_over"),
    path("cheques/<int:cheque_id>/cashed/", views.cheque_cashed, name="cheque_cashed"),
    path("cheques/<int:cheque_id>/cancel/", views.cheque_cancel, name="cheque_cancel"),
]
