from django.db import models


class Field(models.Model):
    """A field of procedures (lĩnh vực), e.g. Hộ tịch, Chứng thực."""

    code = models.SlugField("mã lĩnh vực", max_length=40, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=200, unique=True)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
