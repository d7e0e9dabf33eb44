from anlaufstelle.guide import checklist_urls

app_name = "guide"

urlpatterns: list = [
    *checklist_urls.urlpatterns,
]
