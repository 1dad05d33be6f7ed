"""Amounts the reader's way: Chinese counts in 万 (10^4) and 亿 (10^8), English in thousands,
millions and billions, each through one translated string with a placeholder (never a number glued
to a translated unit)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

# (size, msgid) from the largest; the msgid is translated when used.
CHINESE_UNITS = (
    (Decimal(10) ** 8, gettext_noop("%(amount)s hundred million yuan")),
    (Decimal(10) ** 4, gettext_noop("%(amount)s ten thousand yuan")),
)
WESTERN_UNITS = (
    (Decimal(10) ** 9, gettext_noop("%(amount)s billion yuan")),
    (Decimal(10) ** 6, gettext_noop("%(amount)s million yuan")),
)
YUAN = gettext_noop("%(amount)s yuan")


def _number(amount: Decimal, places: int) -> str:
    scaled = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = "{:,.{p}f}".format(scaled, p=places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_yuan(value, places: int = 2) -> str:
    """Return ``value`` (yuan) for the active language; '—' for empty or unreadable input.

    Chinese: '6.35亿元', '2,300万元', '800元'. English: '635 million yuan', '23 million yuan',
    '1.2 billion yuan', '800 yuan', '350,000 yuan'. Trailing zeros are dropped (6.30亿元 → 6.3亿元);
    negative amounts keep their sign.
    """
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "—"
    if not amount.is_finite():
        return "—"
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    units = CHINESE_UNITS if (get_language() or "zh-hans").lower().startswith("zh") else WESTERN_UNITS
    for size, msgid in units:
        if amount >= size:
            return _(msgid) % {"amount": sign + _number(amount / size, places)}
    return _(YUAN) % {"amount": sign + _number(amount, 2)}


def numeral(n: int) -> str:
    """Chinese numerals for Chinese readers (三个月, 十九届), digits for everyone else (and from 100)."""
    if not (get_language() or "").startswith("zh") or not 0 < n < 100:
        return str(n)
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return ((digits[tens] if tens > 1 else "") + ("十" if tens else "") + (digits[ones] if ones else "")) or "零"
