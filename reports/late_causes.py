"""Late results and their causes, for the narrative (issue 17): how many late dossiers of the
period have an apology letter. A figures provider (reports.hooks), registered in ReportsConfig."""

from django.db.models import Count, Exists, OuterRef, Q

from dossiers.models import ApologyLetter, Dossier
from mocua.models import Office
from reports import figures
from reports.periods import Period


def late_letters(office: Office, period: Period) -> dict:
    """The dossiers counted late in Biểu II.06a (returned late, or open past due at the end), and
    how many of them had an apology letter by the end of the period."""
    dossiers = Dossier.objects.filter(office=office)
    late = Q(pk__in=figures.dossiers_behind(dossiers, period, "resolved.late").values("pk")) | Q(
        pk__in=figures.dossiers_behind(dossiers, period, "in_progress.overdue").values("pk")
    )
    letter = ApologyLetter.objects.filter(dossier=OuterRef("pk"), created_at__lt=period.end_at)
    counts = (
        Dossier.objects.filter(late)
        .annotate(has_letter=Exists(letter))
        .aggregate(
            late=Count("pk"),
            with_letter=Count("pk", filter=Q(has_letter=True)),
        )
    )
    return {"late": counts["late"], "with_letter": counts["with_letter"]}
