"""The exam's pass mark and bands: plain rules of a score, read by the models, services and views alike
(no import of either, so the models need not reach into the services)."""

from decimal import Decimal

from django.conf import settings
from django.utils.translation import pgettext


def pass_mark() -> Decimal:
    return Decimal(getattr(settings, "APPOINTMENT_PASS_MARK", 60))


def band(score: Decimal) -> str:
    """The exam band of a score: 不合格 below the pass mark, else 合格, 良好 from 80, 优秀 from 90."""
    if score < pass_mark():
        return pgettext("exam band", "failed")
    if score >= 90:
        return pgettext("exam band", "excellent")
    return pgettext("exam band", "good") if score >= 80 else pgettext("exam band", "passed")
