from django.urls import path

from schedules import views_calendar, views_outreach, views_people, views_roster

app_name = "schedules"
urlpatterns = [
    path("lich-lam-viec/", views_calendar.calendar_month, name="calendar"),
    path("lich-lam-viec/ngay-rieng/", views_calendar.local_day_save, name="local_day_save"),
    path("lich-lam-viec/ngay-rieng/<int:pk>/xoa/", views_calendar.local_day_delete, name="local_day_delete"),
    path("lich-lam-viec/nhap/", views_calendar.calendar_import, name="calendar_import"),
    path("lich-truc/", views_roster.roster_month, name="roster"),
    path("lich-truc/lap/", views_roster.roster_generate, name="roster_generate"),
    path("lich-truc/ca/moi/", views_roster.shift_edit, name="shift_new"),
    path("lich-truc/ca/<int:pk>/", views_roster.shift_edit, name="shift_edit"),
    path("lich-truc/ca/<int:pk>/xoa/", views_roster.shift_delete, name="shift_delete"),
    path("lich-truc/doi-ca/", views_roster.shift_swap, name="shift_swap"),
    path("lich-truc/tuan/<str:day>.pdf", views_roster.roster_week_pdf, name="roster_week_pdf"),
    path("lich-truc/nguoi-truc/", views_people.people, name="people"),
    path("lich-truc/nghi-phep/", views_people.absence_add, name="absence_add"),
    path("lich-truc/nghi-phep/<int:pk>/xoa/", views_people.absence_delete, name="absence_delete"),
    path("lich-truc/thanh-vien/", views_people.volunteer_add, name="volunteer_add"),
    path("lich-truc/thanh-vien/<int:pk>/", views_people.volunteer_toggle, name="volunteer_toggle"),
    path("lich-luu-dong/", views_outreach.outreach_month, name="outreach"),
    path("lich-luu-dong/them/", views_outreach.outreach_create, name="outreach_create"),
    path("lich-luu-dong/<int:pk>/xoa/", views_outreach.outreach_delete, name="outreach_delete"),
    path("lich-luu-dong/thang/<str:month>.pdf", views_outreach.outreach_month_pdf, name="outreach_month_pdf"),
    path("lich-luu-dong/don-vi/<slug:slug>/", views_outreach.outreach_public, name="outreach_public"),
]
