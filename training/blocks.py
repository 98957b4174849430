"""The blocks a lesson is written with: text, pictures, sound and video from our own server."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from portal.blocks import HEADING_TEMPLATE, CalloutBlock, DownloadBlock, ImageBlock

AUDIO_EXTENSIONS = {"mp3", "m4a"}
VIDEO_EXTENSIONS = {"mp4", "webm"}


class MediaBlock(blocks.StructBlock):
    """An audio or video file uploaded to our documents: never autoplayed, size shown first."""

    file = DocumentChooserBlock(
        label=_("Audio or video file"), help_text=_("MP3, M4A, MP4 or WebM, uploaded here.")
    )
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    transcript = blocks.TextBlock(
        label=_("Transcript"), required=False, help_text=_("What is said, for those who read.")
    )

    class Meta:
        icon = "media"
        label = _("Audio or video")
        template = "training/blocks/media.html"
        description = _(
            "Sound or film from our own server; it only loads when the reader plays it."
        )

    def clean(self, value):
        value = super().clean(value)
        extension = value["file"].file_extension.lower() if value["file"] else ""
        if extension not in AUDIO_EXTENSIONS | VIDEO_EXTENSIONS:
            raise blocks.StructBlockValidationError(
                {"file": ValidationError(_("Choose an MP3, M4A, MP4 or WebM file."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["is_video"] = value["file"].file_extension.lower() in VIDEO_EXTENSIONS
        return context


class LessonBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        icon="title",
        template=HEADING_TEMPLATE,
        description=_("A section heading."),
        preview_value="怎样保护自己",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
        description=_("Short sentences in plain words."),
        preview_value="<p>有问题，可以问人口学校的老师。</p>",
    )
    image = ImageBlock()
    media = MediaBlock()
    download = DownloadBlock()
    callout = CalloutBlock()
