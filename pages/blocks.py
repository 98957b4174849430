"""The one body StreamBlock shared by every content page."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.blocks import HEADING_TEMPLATE, CalloutBlock, DownloadBlock, ImageBlock


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        form_classname="title",
        icon="title",
        template=HEADING_TEMPLATE,
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
    image = ImageBlock()
    callout = CalloutBlock()
    document = DownloadBlock()

    class Meta:
        template = "pages/blocks/body.html"
