"""Content blocks every StreamField shares: pictures, callouts and downloads, each rendered
for phones (pictures resized and lazy-loaded, files with their type and size)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

HEADING_TEMPLATE = "portal/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "portal/blocks/image.html"
        description = _("A picture with an optional caption, sized for phones.")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Note")), ("warning", _("Important"))],
        default="info",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "portal/blocks/callout.html"
        description = _("A highlighted box for something readers must not miss.")
        preview_value = {"kind": "info", "text": "<p>社区议事会每季度召开一次。</p>"}


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        label = _("Download")
        template = "portal/blocks/download.html"
        description = _("A file to download, shown with its type and size.")
