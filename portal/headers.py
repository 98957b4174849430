"""Security headers on every response, error pages and the admin included.

- **Content-Security-Policy** (django-csp, ``CONTENT_SECURITY_POLICY`` in settings): the
  site runs only its own scripts and styles, never inline ones. The Wagtail admin still
  has inline scripts and style attributes of its own, so paths under
  ``YISHI_CSP_ADMIN_PREFIXES`` get the allowances in ``YISHI_CSP_ADMIN_DIRECTIVES``.
- **Permissions-Policy** (``YISHI_PERMISSIONS_POLICY``): no camera, microphone, location
  or payment features for any page or anything it embeds.

Both are placed right after Django's SecurityMiddleware, outside the page cache, so a
cached page gets them too.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(tuple(settings.YISHI_CSP_ADMIN_PREFIXES)):
            parts.replace = {**settings.YISHI_CSP_ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts


def permissions_policy(features):
    """``{"camera": [], "fullscreen": ["self"]}`` → ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{name}=({' '.join(allowed)})" for name, allowed in features.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy(settings.YISHI_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response
