"""The demo's facilities and complaints: loaded once, through the same service as the form."""

from palermo.complaints import demo
from palermo.complaints.models import Complaint, Facility


def test_demo_complaints_load_once(org_a):
    assert demo.ensure(org_a) == 14
    assert demo.ensure(org_a) == 0
    assert Facility.objects.count() == len(demo.FACILITIES)
    assert Complaint.objects.filter(organisation=org_a).count() == 14
    assert all(c.receipt_mac for c in Complaint.objects.all())
