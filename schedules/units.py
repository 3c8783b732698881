"""The units of working time the calendar counts in; a procedure's time limit is stated in one
(models_catalog.models re-exports TimeUnit for its fields)."""

from django.db import models


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "ngày làm việc"
    WORKING_HOURS = "working_hours", "giờ làm việc"
    SAME_DAY = "same_day", "trong ngày"
