from django.conf import settings
from django.utils import translation


class PortalLocaleMiddleware:
    """Chinese first: the language is the one the visitor chose (cookie), else their account's,
    else Simplified Chinese. The browser's Accept-Language is not consulted, so an office PC with an
    English browser still shows the portal in Chinese until someone switches."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.codes:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language not in self.codes:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
