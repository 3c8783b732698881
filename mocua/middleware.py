"""Response headers that keep personal data out of caches (issue 15)."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """`Cache-Control: no-store` (Django's never-cache headers) on every page with personal data.

    That is every response to a signed-in user (staff pages, the staff API with a session or a
    token: DRF puts the token's user on the request) and the views named in
    settings.MOCUA_NO_STORE_VIEWS, which show personal data to people who are not signed in
    (public tracking). Public catalog pages and static files stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        if (match is not None and match.view_name in settings.MOCUA_NO_STORE_VIEWS) or (
            user is not None and user.is_authenticated
        ):
            add_never_cache_headers(response)
        return response
