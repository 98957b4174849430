from governance.units import demo
from governance.units.models import (
    Agreement,
    AgreementStatus,
    JointMeeting,
    Unit,
    UnitKind,
    UnitNotice,
    WorkerSignature,
)
from portal import demo as portal_demo


def test_demo_builds_units_of_each_kind_agreements_in_each_status_idempotently(db):
    context = portal_demo.build()
    demo.build(context)
    counts = [
        m.objects.count() for m in (Unit, Agreement, WorkerSignature, JointMeeting, UnitNotice)
    ]
    demo.build(context)
    assert [
        m.objects.count() for m in (Unit, Agreement, WorkerSignature, JointMeeting, UnitNotice)
    ] == counts
    assert set(Unit.objects.values_list("kind", flat=True)) == set(UnitKind.values)
    statuses = {agreement.status for agreement in Agreement.objects.all()}
    assert statuses >= {s for s in AgreementStatus.values if s != AgreementStatus.UPCOMING}
    assert Agreement.objects.filter(previous__isnull=False).exists()
    assert counts[2] == 3 and counts[3] == 1 and counts[4] == 1
