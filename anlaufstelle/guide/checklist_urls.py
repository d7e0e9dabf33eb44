"""The personal checklist's addresses, included by the guide's ``urls``."""

urlpatterns: list = []
