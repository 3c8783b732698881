"""Routes of the ticket queue (issue 18), appended to dossiers/urls.py (namespace "dossiers")."""

from django.urls import path

from dossiers import views_queue

urlpatterns = [
    path("hang-doi/<slug:slug>/lay-so/", views_queue.kiosk_view, name="queue_kiosk"),
    path("hang-doi/<slug:slug>/phieu/<str:token>/", views_queue.ticket_view, name="queue_ticket"),
    path("hang-doi/<slug:slug>/man-hinh/", views_queue.display_view, name="queue_display"),
    path("goi-so/", views_queue.seats_view, name="queue_seats"),
    path("goi-so/<int:seat>/", views_queue.seat_view, name="queue_seat"),
    path("goi-so/<int:seat>/<slug:action>/", views_queue.seat_action_view, name="queue_seat_action"),
]
