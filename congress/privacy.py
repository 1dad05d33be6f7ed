"""Personal data never reaches the logs or error reports.

Pages and exports leave out private fields by design (tests/test_personal_data.py); what remains are
the side channels: a database error's message quotes the values that broke a constraint (an ID number
in "Key (term_id, id_number)=(…) already exists"), a traceback may carry them, and Django's error
report lists the request's POST data. So:

- ``PersonalDataLogFilter`` (on every log handler) rewrites each record's message and traceback text
  with mainland ID numbers (18 or 15 digits) and mobile numbers (1[3-9] + 9 digits) masked;
- ``PersonalDataReporterFilter`` (DEFAULT_EXCEPTION_REPORTER_FILTER) hides every POST field and
  setting whose name says it holds personal data (ID number, phone, address, contact), besides the
  passwords and keys Django already hides, and masks the patterns in the other POST fields;
- ``PersonalDataExceptionReporter`` (DEFAULT_EXCEPTION_REPORTER) masks the patterns in the whole
  report, the exception's message and the local variables included.
"""

import logging
import re

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

MASK = "***"
PATTERNS = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9})(?![0-9A-Za-z])")
PRIVATE_NAMES = re.compile(
    r"id_number|phone|mobile|address|contact|API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|"
    r"HTTP_COOKIE",
    flags=re.I,
)


def mask(text: str) -> str:
    return PATTERNS.sub(MASK, text)


class PersonalDataLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string is logged as it is
            return True
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = PRIVATE_NAMES

    def get_post_parameters(self, request):
        params = super().get_post_parameters(request)
        if not params:
            return params
        cleansed = params.copy()
        for name in cleansed:
            if PRIVATE_NAMES.search(name):
                cleansed[name] = self.cleansed_substitute
            else:
                cleansed.setlist(name, [mask(str(v)) for v in cleansed.getlist(name)])
        return cleansed


class PersonalDataExceptionReporter(ExceptionReporter):
    """The error report (mailed to ADMINS, or the DEBUG page) with the patterns masked throughout:
    the exception's message, local variables and request data."""

    def get_traceback_text(self):
        return mask(super().get_traceback_text())

    def get_traceback_html(self):
        return mask(super().get_traceback_html())
