from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from portal.capabilities import Capability, EntryPoint, SearchGroup


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")
    capability = Capability(
        routes=("training.routes.ROUTES",),
        urls=(("training/", "training.urls"),),
        clock_changes=("training.models.next_clock_change",),
        search_groups=(
            SearchGroup(
                "courses",
                _("Courses and lessons"),
                ("training.CoursePage", "training.LessonPage"),
                order=40,
            ),
        ),
        entry_points=(
            EntryPoint(
                "training.CourseIndexPage",
                _("Population school"),
                _("Courses for every stage of life"),
                icon="img/sections/school.svg",
                order=30,
            ),
        ),
        now=("training.selectors.now_items",),
        workbench=("training.selectors.workbench_items",),
        demo="training.demo.build",
        personal_data=("training.personal_data.export",),
        erase_personal_data=("training.personal_data.erase",),
    )
