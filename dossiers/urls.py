from django.urls import path

from dossiers import views, views_outreach, views_papers

app_name = "dossiers"
urlpatterns = [
    path("ho-so/", views.worklist_view, name="worklist"),
    path("ho-so/tiep-nhan/", views.intake_view, name="intake"),
    path("ho-so/thu-tuc.json", views.procedures_json, name="procedures_json"),
    path("ho-so/trinh-ky/", views.leader_queue_view, name="leader_queue"),
    path("ho-so/xin-loi/<int:pk>/ky/", views.sign_apology_view, name="sign_apology"),
    path("ho-so/so-theo-doi/", views_papers.register_view, name="register"),
    path("ho-so/giay-to/<int:pk>/", views_papers.office_paper_view, name="office_paper"),
    path("ho-so/luu-dong/<int:pk>/", views_outreach.session_view, name="outreach_session"),
    path("ho-so/le-ket-hon/", views_outreach.ceremonies_view, name="ceremonies"),
    path("tra-cuu/", views_papers.track_view, name="track"),
    path("tra-cuu/xin-loi/", views_papers.track_apology_view, name="track_apology"),
    path("ho-so/<str:code>/", views.detail_view, name="detail"),
    path("ho-so/<str:code>/giay-to/<int:pk>/", views_papers.paper_view, name="paper"),
    path("ho-so/<str:code>/giay-to/<int:pk>/tao-lai/", views_papers.rerender_view, name="paper_rerender"),
    path("ho-so/<str:code>/tra-ket-qua/", views.return_view, name="return"),
    path("ho-so/<str:code>/thao-tac/<slug:action>/", views.act_view, name="act"),
]
