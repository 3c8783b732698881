"""Biểu II.06a figures: SQL aggregation checked against a plain-Python reading of random dossiers."""

import datetime as dt

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from dossiers.models import AuditEvent, Channel, Dossier, Outcome, Status, SupplementRequest
from mocua.models import Role, Staff, StaffRole
from reports import figures, sections
from reports.periods import build
from tests.dossier_helpers import marriage_status_procedure
from tests.report_helpers import dossier, office

PERIOD = build(2026, "quarter", 3, official=True)  # 15/6/2026 .. 14/9/2026
S, E = PERIOD.start_at, PERIOD.end_at
BASE = S - dt.timedelta(days=120)
SPAN_HOURS = 24 * 300

hours = st.integers(min_value=0, max_value=SPAN_HOURS)
spec = st.fixed_dictionaries(
    {
        "received": hours,
        "channel": st.sampled_from([c.value for c in Channel]),
        "state": st.sampled_from(["open", "returned", "refused", "stopped", "refused_no_event"]),
        "close_after": st.integers(min_value=0, max_value=24 * 100),
        "outcome": st.sampled_from([o.value for o in Outcome] + [""]),
        "due_after": st.one_of(st.none(), st.integers(min_value=0, max_value=24 * 60)),
        "supplement": st.one_of(
            st.none(),
            st.tuples(
                st.integers(min_value=0, max_value=24 * 30), st.one_of(st.none(), st.integers(0, 24 * 30))
            ),
        ),
    }
)


def expected(specs) -> dict:
    """What the table must say, read directly off the specs."""
    out = dict.fromkeys(figures.KEYS, 0)
    for sp in specs:
        received = BASE + dt.timedelta(hours=sp["received"])
        closed = None if sp["state"] == "open" else received + dt.timedelta(hours=sp["close_after"])
        if sp["state"] == "refused_no_event":
            closed = received
        if received >= E or (closed is not None and closed < S):
            continue
        out["received.total"] += 1
        if received < S:
            out["received.carried_over"] += 1
        elif sp["channel"] == Channel.ONLINE:
            out["received.online"] += 1
        else:
            out["received.direct_and_post"] += 1
        if closed is not None and closed < E:
            if sp["state"] == "returned":
                out["resolved.total"] += 1
                key = {"early": "early", "late": "late"}.get(sp["outcome"], "on_time")
                out[f"resolved.{key}"] += 1
            elif sp["state"] == "stopped":
                out["stopped"] += 1
            else:
                out["refused"] += 1
            continue
        out["in_progress.total"] += 1
        waiting = False
        if sp["supplement"]:
            issued = received + dt.timedelta(hours=sp["supplement"][0])
            resolved = (
                None if sp["supplement"][1] is None else issued + dt.timedelta(hours=sp["supplement"][1])
            )
            waiting = issued < E and (resolved is None or resolved >= E)
        due = None if sp["due_after"] is None else received + dt.timedelta(hours=sp["due_after"])
        if waiting:
            out["awaiting_supplement"] += 1
        if not waiting and due is not None and due < E:
            out["in_progress.overdue"] += 1
        else:
            out["in_progress.within_deadline"] += 1
    return out


class FiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth import get_user_model

        cls.office = office("xa-hypo")
        cls.other = office("xa-khac")
        cls.procedure = marriage_status_procedure(cls.office)
        user = get_user_model().objects.create(username="hypo.clerk")
        cls.clerk = Staff.objects.create(user=user, office=cls.office, full_name="Trần Thị Mai")
        StaffRole.objects.create(staff=cls.clerk, role=Role.CLERK)

    def make(self, sp, target):
        received = BASE + dt.timedelta(hours=sp["received"])
        closed = received + dt.timedelta(hours=sp["close_after"])
        due = None if sp["due_after"] is None else received + dt.timedelta(hours=sp["due_after"])
        fields = {"channel": sp["channel"], "due_at": due}
        state = sp["state"]
        if state == "returned":
            fields.update(status=Status.RETURNED, returned_at=closed, outcome=sp["outcome"])
        elif state == "refused_no_event":
            fields.update(status=Status.REFUSED)
        elif state in ("refused", "stopped"):
            fields.update(status=state, closed_at=closed)
        else:
            fields.update(status=Status.PROCESSING)
        d = dossier(target, self.procedure, received, **fields)
        if state in ("refused", "stopped"):
            AuditEvent.objects.create(
                dossier=d, at=closed, action=state, from_status="processing", to_status=state
            )
        if sp["supplement"]:
            issued = received + dt.timedelta(hours=sp["supplement"][0])
            res = sp["supplement"][1]
            SupplementRequest.objects.create(
                dossier=d,
                stage="processing",
                issued_at=issued,
                issued_by=self.clerk,
                resolved_at=None if res is None else issued + dt.timedelta(hours=res),
            )

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(spec, max_size=25), st.lists(spec, max_size=5))
    def test_sql_matches_plain_reading_and_identities_hold(self, specs, foreign):
        for sp in specs:
            self.make(sp, self.office)
        for sp in foreign:
            self.make(sp, self.other)
        flat = figures.rows(Dossier.objects.filter(office=self.office), PERIOD)[0]
        got = {k: flat[k] for k in figures.KEYS}
        self.assertEqual(got, expected(specs))
        # The identities of the table.
        self.assertEqual(
            got["received.total"],
            got["received.online"] + got["received.direct_and_post"] + got["received.carried_over"],
        )
        self.assertEqual(
            got["received.total"],
            got["resolved.total"] + got["in_progress.total"] + got["refused"] + got["stopped"],
        )
        self.assertEqual(
            got["resolved.total"], got["resolved.early"] + got["resolved.on_time"] + got["resolved.late"]
        )
        self.assertEqual(
            got["in_progress.total"], got["in_progress.within_deadline"] + got["in_progress.overdue"]
        )
        # The area's one-scan figures agree with the per-table queries.
        both = Dossier.objects.filter(office__in=[self.office, self.other])
        scan = figures.area([self.office, self.other], PERIOD)
        self.assertEqual(scan["by_office"], figures.by_office([self.office, self.other], PERIOD))
        self.assertEqual(scan["by_field"], figures.by_field(both, PERIOD))
        resolved = sum(scan["by_office"][o.pk]["resolved.total"] for o in (self.office, self.other))
        self.assertEqual(
            sections.in_days(scan["resolved_time"], resolved), sections.average_days(both, PERIOD)
        )
        # Drill-down lists the same dossiers the counts count.
        for key in ("received.carried_over", "in_progress.overdue", "resolved.late"):
            behind = figures.dossiers_behind(Dossier.objects.filter(office=self.office), PERIOD, key)
            self.assertEqual(behind.count(), got[key])

    def test_edges_of_the_period(self):
        """Received at 23:59:59 on the 14th of September is in; at 00:00 on the 15th it is out."""
        last = timezone.make_aware(dt.datetime(2026, 9, 14, 23, 59, 59))
        dossier(self.office, self.procedure, last, channel=Channel.ONLINE)
        dossier(self.office, self.procedure, last + dt.timedelta(seconds=1))
        first = timezone.make_aware(dt.datetime(2026, 6, 15, 0, 0, 0))
        dossier(self.office, self.procedure, first)
        dossier(self.office, self.procedure, first - dt.timedelta(seconds=1), status=Status.PROCESSING)
        got = figures.bieu_ii06a(Dossier.objects.filter(office=self.office), PERIOD)
        self.assertEqual(got["received"], {"total": 3, "online": 1, "direct_and_post": 1, "carried_over": 1})

    def test_by_office_gives_zeros_for_an_office_without_data(self):
        dossier(self.office, self.procedure, S + dt.timedelta(days=1))
        table = figures.by_office([self.office, self.other], PERIOD)
        self.assertEqual(table[self.office.pk]["received.total"], 1)
        self.assertEqual(table[self.other.pk]["received.total"], 0)

    def test_breakdown_by_field_and_procedure(self):
        dossier(self.office, self.procedure, S + dt.timedelta(days=1))
        qs = Dossier.objects.filter(office=self.office)
        self.assertEqual(
            [(r["procedure__field__name"], r["received.total"]) for r in figures.by_field(qs, PERIOD)],
            [("Hộ tịch", 1)],
        )
        self.assertEqual(figures.by_procedure(qs, PERIOD)[0]["procedure__code"], "1.004873.000.00.00.H48")
