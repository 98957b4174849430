from django import forms
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm
from django_comments_xtd.models import XtdComment

from .models import CommentModeration


class CommentForm(XtdCommentForm):
    """comments-xtd's form for a signed-in user: name and e-mail come from the account,
    following is handled by the discussion layer, and a reply must stay on the same object."""

    reply_to = forms.IntegerField(required=False, initial=0, min_value=0, widget=forms.HiddenInput)

    def __init__(self, target_object, *args, user, **kwargs):
        self.user = user
        super().__init__(target_object, *args, **kwargs)
        for name in ("name", "email", "url", "followup"):
            del self.fields[name]
        comment = self.fields["comment"]
        comment.label = _("Your comment")
        comment.help_text = _("Plain text. **bold**, *italic*, lists and links also work.")
        comment.widget.attrs.update(placeholder="", rows=4)
        # The spam trap sits in a block hidden from screen readers: keep it out of the
        # keyboard's way too (a person never fills it in; bots do).
        self.fields["honeypot"].widget.attrs.update(tabindex="-1", autocomplete="off")

    def clean_reply_to(self):
        reply_to = self.cleaned_data["reply_to"] or 0
        if (
            reply_to
            and not XtdComment.objects.filter(
                pk=reply_to,
                content_type__app_label=self.target_object._meta.app_label,
                content_type__model=self.target_object._meta.model_name,
                object_pk=str(self.target_object.pk),
                is_removed=False,
            ).exists()
        ):
            raise forms.ValidationError(_("The comment you are replying to no longer exists."))
        return reply_to

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data.update(
            name=self.user.public_name[:50], email=self.user.email, url="", followup=False
        )
        return cleaned_data


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=CommentModeration.Action.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason (the author will see it)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, comment, **kwargs):
        self.comment = comment
        action = (
            CommentModeration.Action.HIDE if comment.is_public else CommentModeration.Action.RESTORE
        )
        kwargs.setdefault("initial", {})["action"] = action
        kwargs.setdefault("auto_id", f"id_c{comment.pk}_%s")
        super().__init__(*args, **kwargs)

    def clean_action(self):
        action = self.cleaned_data["action"]
        if (action == CommentModeration.Action.HIDE) != self.comment.is_public:
            raise forms.ValidationError(_("Someone else has already done this."))
        return action
