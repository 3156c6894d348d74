from django.db import models
from django.utils.translation import gettext_lazy as _


class HospitalLevel(models.TextChoices):
    GRADE_3A = "3A", _("Grade III Class A")
    GRADE_3B = "3B", _("Grade III Class B")
    GRADE_3 = "3", _("Grade III")
    GRADE_2A = "2A", _("Grade II Class A")
    GRADE_2B = "2B", _("Grade II Class B")
    GRADE_2 = "2", _("Grade II")
    GRADE_1 = "1", _("Grade I")
    UNRATED = "", _("Unrated")
