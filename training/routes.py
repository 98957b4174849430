"""Who may do what on the population school's routes and pages (see portal/routes.py).
The certificate is the verified resident's.
"""

from portal.routes import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, REFUSED, by_role

ROUTES = {
    "page:training.CourseIndexPage": {
        "GET": OK,
        "POST": OK,
    },
    "page:training.CoursePage": {
        "GET": OK,
        "POST": OK,
    },
    "page:training.LessonPage": {
        "GET": OK,
        "POST": OK,
    },
    "training:cancel": {
        "kwargs": {"class_id": "training.TrainingClass"},
        "GET": NOT_ALLOWED,
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "training:certificate": {
        "kwargs": {"code": "training.Certificate:code"},
        "GET": by_role(NOT_FOUND, anonymous=LOGIN, verified=OK, superuser=OK),
        "POST": by_role(NOT_FOUND, anonymous=LOGIN, verified=OK, superuser=OK),
    },
    "training:certificate_pdf": {
        "kwargs": {"code": "training.Certificate:code"},
        "GET": by_role(NOT_FOUND, anonymous=LOGIN, verified=OK, superuser=OK),
        "POST": by_role(NOT_FOUND, anonymous=LOGIN, verified=OK, superuser=OK),
    },
    "training:classes": {
        "GET": OK,
        "POST": OK,
    },
    "training:complete_lesson": {
        "kwargs": {"lesson_id": "training.LessonPage"},
        "GET": NOT_ALLOWED,
        "POST": by_role(REFUSED, anonymous=LOGIN),
    },
    "training:enrol": {
        "kwargs": {"course_id": "training.CoursePage"},
        "GET": NOT_ALLOWED,
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "training:my_learning": {
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "training:quiz": {
        "kwargs": {"quiz_id": "training.Quiz"},
        "GET": by_role(OK, anonymous=LOGIN),
        "POST": by_role(REFUSED, anonymous=LOGIN),
    },
    "training:register": {
        "kwargs": {"class_id": "training.TrainingClass"},
        "GET": NOT_ALLOWED,
        "POST": by_role(OK, anonymous=LOGIN),
    },
    "training:totals": {
        "GET": by_role(FORBIDDEN, anonymous=LOGIN, school=OK, superuser=OK),
        "POST": by_role(FORBIDDEN, anonymous=LOGIN, school=OK, superuser=OK),
    },
    "training:verify": {
        "GET": OK,
        "POST": OK,
    },
}
