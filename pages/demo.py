"""Demo content for the home page."""

from .models import HomePage


def build(context):
    home = HomePage.objects.first()
    if home.community_id is None:
        home.community = context.community
        home.title = "幸福社区"
        home.introduction = (
            "幸福社区是柳林街道的一个老城区社区，本地居民和外来务工人员住在一起。"
            "社区的事，大家商量着办：每季度召开一次议事会，一事一议。"
        )
        home.save_revision().publish()
    return home
