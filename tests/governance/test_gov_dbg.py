from django.urls import reverse
from portal.discussion.forms import CommentForm
from portal.discussion import services

def test_dbg(client, actor, clock, session, matter):
    user = actor("resident"); client.force_login(user); clock.to_phase("discussion")
    print("phase", session.phase(), matter.allows("comment"), user.has_perm("governance.comment_matter", matter))
    target = services.get_target("governance.matter", str(matter.pk))
    print("target", target.allows("comment"), services.closed_reason(user, target))
    form = CommentForm(matter, user=user)
    data = {**form.initial, "comment": "我同意。"}
    r = client.post(reverse("comments-post-comment"), data)
    print(r.status_code, r.content.decode().split("<main")[1][:600])
    assert 0
