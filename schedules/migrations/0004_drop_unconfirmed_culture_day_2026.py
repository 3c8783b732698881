"""Remove 24/11/2026 "Ngày Văn hóa Việt Nam" loaded by 0002 from the shipped calendar.

domain-vn.md §5.1–5.2: the day is a paid day off only once art. 112 of the Labour Code is
amended, which was not verified; §5.5 says to leave unconfirmed rows out. Only the row 0002
shipped (recognised by its note) is removed; a row an administrator entered stays.
"""

import datetime as dt

from django.db import migrations

SHIPPED_NOTE = "Nghị quyết 80-NQ/TW; xóa dòng này nếu luật chưa sửa Điều 112"


def drop(apps, schema_editor):
    CalendarDay = apps.get_model("schedules", "CalendarDay")
    CalendarDay.objects.filter(office=None, date=dt.date(2026, 11, 24), note=SHIPPED_NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("schedules", "0003_rosters")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
