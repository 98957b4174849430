"""A tiny URL set for the page-cache tests: one view that counts how often it renders."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from portal.caching import depends_on

renders = []


def page(request, pk):
    depends_on(request, f"governance.matter:{pk}")
    renders.append(pk)
    return HttpResponse(f"matter {pk}, render {len(renders)}")


def with_form(request):
    get_token(request)  # a page with a POST form: sets the CSRF cookie, so never cached
    renders.append("form")
    return HttpResponse("form")


urlpatterns = [path("m/<int:pk>/", page), path("form/", with_form)]
