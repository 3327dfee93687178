from django.urls import URLPattern, URLResolver, path

from putright.notifications import views

app_name = "notifications"
urlpatterns: list[URLPattern | URLResolver] = [
    path("failed/", views.failed_messages, name="failed"),
    path("inbound/", views.inbound_email, name="inbound"),
    path("notify/delivery-receipts/", views.notify_delivery_receipt, name="notify_receipts"),
    path("notify/received-texts/", views.notify_received_text, name="notify_texts"),
    path("<uuid:token>/retry/", views.retry_message, name="retry"),
    path("<uuid:token>/letter.pdf", views.letter_pdf, name="letter"),
]
