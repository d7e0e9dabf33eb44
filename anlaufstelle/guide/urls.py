from anlaufstelle.guide import checklist_urls, pages_urls

app_name = "guide"

urlpatterns: list = [
    *checklist_urls.urlpatterns,
    *pages_urls.urlpatterns,
]
