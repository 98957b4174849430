"""The one body StreamBlock shared by every content page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "pages/blocks/captioned_image.html"
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
        template = "pages/blocks/callout.html"
        description = _("A highlighted box for something readers must not miss.")
        preview_value = {"kind": "info", "text": "<p>社区议事会每季度召开一次。</p>"}


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("File"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        label = _("Download")
        template = "pages/blocks/document_link.html"
        description = _("A file to download, shown with its type and size.")


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        form_classname="title",
        icon="title",
        template="pages/blocks/heading.html",
        description=_("A section heading."),
        preview_value="议事规则",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        icon="pilcrow",
        description=_("Text with simple formatting."),
        preview_value="<p>每一件事，大家一起商量。</p>",
    )
    image = CaptionedImageBlock()
    callout = CalloutBlock()
    document = DocumentLinkBlock()

    class Meta:
        template = "pages/blocks/body.html"
