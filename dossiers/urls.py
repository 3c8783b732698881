from django.urls import path

from dossiers import (
    views,
    views_feedback,
    views_fees,
    views_outreach,
    views_papers,
    views_preview,
    views_verify,
)

app_name = "dossiers"
urlpatterns = [
    path("ho-so/", views.worklist_view, name="worklist"),
    path("ho-so/tiep-nhan/", views.intake_view, name="intake"),
    path("ho-so/thu-tuc.json", views.procedures_json, name="procedures_json"),
    path("ho-so/tiep-nhan/xem-truoc/", views_preview.intake_preview_view, name="intake_preview"),
    path("ho-so/trinh-ky/", views.leader_queue_view, name="leader_queue"),
    path("ho-so/xin-loi/<int:pk>/ky/", views.sign_apology_view, name="sign_apology"),
    path("ho-so/xin-loi/<int:pk>/xem-truoc.pdf", views_papers.apology_preview_view, name="apology_preview"),
    path("ho-so/so-theo-doi/", views_papers.register_view, name="register"),
    path("ho-so/giay-to/<int:pk>/", views_papers.office_paper_view, name="office_paper"),
    path("ho-so/so-thu-phi/", views_fees.cash_book_view, name="cash_book"),
    path("ho-so/so-thu-phi/<slug:kind>/", views_fees.cash_book_export_view, name="cash_book_export"),
    path("ho-so/luu-dong/<int:pk>/", views_outreach.session_view, name="outreach_session"),
    path("ho-so/le-ket-hon/", views_outreach.ceremonies_view, name="ceremonies"),
    path("tra-cuu/", views_papers.track_view, name="track"),
    path("tra-cuu/xin-loi/", views_papers.track_apology_view, name="track_apology"),
    path("gop-y/<slug:slug>/", views_feedback.form_view, name="feedback_form"),
    path("gop-y/<slug:slug>/ap-phich/", views_feedback.poster_view, name="feedback_poster"),
    path("phan-anh/", views_feedback.list_view, name="feedback_list"),
    path("phan-anh/<int:pk>/", views_feedback.detail_view, name="feedback_detail"),
    path("phan-anh/<int:pk>/<slug:action>/", views_feedback.act_view, name="feedback_act"),
    path("xac-minh/", views_verify.verify_view, name="verify"),
    path("xac-minh/<str:token>/", views_verify.verify_paper_view, name="verify_paper"),
    path("ho-so/<str:code>/", views.detail_view, name="detail"),
    path("ho-so/<str:code>/giay-to/<int:pk>/", views_papers.paper_view, name="paper"),
    path("ho-so/<str:code>/giay-to/<int:pk>/tao-lai/", views_papers.rerender_view, name="paper_rerender"),
    path("ho-so/<str:code>/tra-ket-qua/", views.return_view, name="return"),
    path("ho-so/<str:code>/thao-tac/<slug:action>/", views.act_view, name="act"),
    path("ho-so/<str:code>/danh-gia/", views_papers.counter_rating_view, name="counter_rating"),
]

from dossiers.queue_urls import urlpatterns as queue_urlpatterns  # noqa: E402 - the ticket queue (issue 18)

urlpatterns += queue_urlpatterns
