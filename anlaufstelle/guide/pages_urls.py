"""The staff-written pages' addresses (public reading and the staff editor), included by the
guide's ``urls``."""

urlpatterns: list = []
