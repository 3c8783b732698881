"""Load the announced 2026 national calendar (data/vn-2026.csv) into CalendarDay."""

from django.db import migrations

from schedules.calendar_import import parse_calendar_csv, shipped_text


def load(apps, schema_editor):
    CalendarDay = apps.get_model("schedules", "CalendarDay")
    for row in parse_calendar_csv(shipped_text(2026), national=True):
        day = row.pop("date")
        CalendarDay.objects.update_or_create(office=None, date=day, defaults=row)


def unload(apps, schema_editor):
    apps.get_model("schedules", "CalendarDay").objects.filter(office=None, date__year=2026).delete()


class Migration(migrations.Migration):
    dependencies = [("schedules", "0001_calendar_day")]

    operations = [migrations.RunPython(load, unload)]
