"""Who may do what on the home and standard pages (see portal/routes.py)."""

from portal.routes import OK

ROUTES = {
    "page:pages.HomePage": {
        "GET": OK,
        "POST": OK,
    },
    "page:pages.StandardPage": {
        "GET": OK,
        "POST": OK,
    },
}
