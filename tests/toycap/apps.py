"""A toy capability: everything it adds to the site is declared here, and nothing outside
this folder names it (tests/toycap/test_toy_capability.py installs it)."""

from django.apps import AppConfig

from portal.capabilities import Capability, EntryPoint, SearchGroup


class ToycapConfig(AppConfig):
    name = "tests.toycap"
    label = "toycap"
    default_auto_field = "django.db.models.BigAutoField"
    capability = Capability(
        urls=(("toy/", "tests.toycap.urls"),),
        clock_changes=("tests.toycap.services.next_clock_change",),
        search_groups=(SearchGroup("toys", "Toy notes", ("toycap.ToyNote",), order=5),),
        entry_points=(
            EntryPoint(
                "toycap.ToyIndexPage", "Toy corner", "Notes and toys", "toycap/toy.svg", order=5
            ),
        ),
        workbench=("tests.toycap.services.workbench",),
        demo="tests.toycap.demo.build",
        dashboard=("tests.toycap.services.figures",),
        personal_data=("tests.toycap.services.personal_data",),
        erase_personal_data=("tests.toycap.services.forget_author",),
    )
