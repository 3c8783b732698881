"""No input reaches the database unchecked (issue 15, item 2): control characters, lengths, names."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from mocua.models import Office
from tests.dossier_helpers import marriage_status_procedure

pytestmark = pytest.mark.django_db

OFFICE = "duc-thanh"


@pytest.fixture
def proc(demo):
    return marriage_status_procedure(Office.objects.get(slug=OFFICE))


# The NUL probes of the issue: each answered 500 (PostgreSQL refuses NUL in a string).
NUL_PROBES = [
    ("public", f"/thu-tuc/{OFFICE}/?q=%00"),
    ("public", f"/thu-tuc/{OFFICE}/%00/"),
    ("public", f"/api/v1/offices/{OFFICE}/procedures/?q=%00"),
    ("public", f"/api/v1/offices/{OFFICE}/today/?procedure=%00"),
    ("public", "/api/v1/track/?code=%00&secret=x"),
    ("public", "/tra-cuu/?code=%00&secret=x"),
    ("staff", "/ho-so/?q=%00"),
    ("staff", "/api/v1/dossiers/%00/"),
    ("leader", "/api/v1/reports/?office=%00"),
    ("staff", "/ho-so/%00/"),
    ("public", f"/api/v1/offices/{OFFICE}/procedures/%1F/"),
    ("public", f"/thu-tuc/{OFFICE}/?q=a%7Fb"),
]


@pytest.mark.parametrize("who,url", NUL_PROBES, ids=[u for _, u in NUL_PROBES])
def test_control_characters_in_path_or_query_answer_400(client, proc, who, url):
    if who != "public":
        user = get_user_model().objects.get(username=f"{OFFICE}.{'clerk' if who == 'staff' else who}")
        client.force_login(user)
        token, _ = Token.objects.get_or_create(user=user)
        headers = {"Authorization": f"Token {token.key}"} if url.startswith("/api/") else {}
    else:
        headers = {}
    r = client.get(url, headers=headers)
    assert r.status_code == 400, (url, r.status_code)
    if url.startswith("/api/"):
        assert r["Content-Type"].startswith("application/json")
        assert "ký tự điều khiển" in r.json()["detail"]
    else:
        assert r["Content-Type"].startswith("text/html")
        assert "ký tự điều khiển" in r.content.decode()
