"""Staff write templates and agreements (with their duties) in the Wagtail admin, for their
own community only."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from governance.units.factories import make_agreement, make_template
from governance.units.models import Agreement


def test_staff_create_an_agreement_and_the_templates_duties_are_copied(
    client, staff, community, unit_template, landlord_unit
):
    client.force_login(staff)
    url = reverse("wagtailsnippets_units_agreement:add")
    data = nested_form_data(
        {
            "community": community.pk,
            "template": unit_template.pk,
            "kind": "committee_unit",
            "unit": landlord_unit.pk,
            "title": "马阿姨出租屋责任书",
            "first_party": "测试社区居委会",
            "second_party": "马阿姨",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "preamble": "",
            "duties": inline_formset([]),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = Agreement.objects.get(title="马阿姨出租屋责任书")
    assert [d.text for d in agreement.duties.all()] == [d.text for d in unit_template.duties.all()]
    assert agreement.preamble == unit_template.preamble


def test_staff_see_and_edit_their_own_communitys_agreements_only(
    client, staff, other_community, unit_template, landlord_unit, agreement
):
    theirs = make_agreement(make_template(other_community), None, signed=False)
    client.force_login(staff)
    listing = client.get(reverse("wagtailsnippets_units_agreement:list")).content.decode()
    assert agreement.title in listing
    assert (
        client.get(reverse("wagtailsnippets_units_agreement:edit", args=[theirs.pk])).status_code
        == 404
    )
    # The unit chooser offers their own community's units only.
    page = client.get(reverse("wagtailsnippets_units_agreement:add")).content.decode()
    assert landlord_unit.name in page


def test_another_communitys_template_cannot_be_edited(
    client, staff, other_community, unit_template
):
    theirs = make_template(other_community, title="别处的模板")
    client.force_login(staff)
    edit = "wagtailsnippets_units_agreementtemplate:edit"
    refused = client.get(reverse(edit, args=[theirs.pk]))  # Wagtail: back to the dashboard
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert client.get(reverse(edit, args=[unit_template.pk])).status_code == 200
    listing = client.get(reverse("wagtailsnippets_units_agreementtemplate:list")).content.decode()
    assert unit_template.title in listing and "别处的模板" not in listing
