"""Chinese conventions for amounts (亿元/万元)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _


def format_yuan(value, places: int = 2) -> str:
    """Return ``value`` (yuan) as e.g. '6.35亿元', '2,300万元' or '800元'; '—' for empty input.

    Trailing zeros are dropped (6.30亿元 → 6.3亿元); negative amounts keep their sign.
    """
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "—"
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    for unit, size in ((_("100 million yuan"), Decimal(10) ** 8), (_("10 thousand yuan"), Decimal(10) ** 4)):
        if amount >= size:
            scaled = (amount / size).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            text = "{:,.{p}f}".format(scaled, p=places).rstrip("0").rstrip(".")
            return "%s%s%s" % (sign, text, unit)
    text = "{:,.{p}f}".format(amount.quantize(Decimal("0.01")), p=2).rstrip("0").rstrip(".")
    return "%s%s%s" % (sign, text, _("yuan"))
