"""The public guide (Wegweiser): the centre's services and staff-written pages in the visitor's
language, light and offline-capable, and the personal checklist."""
