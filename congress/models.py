"""Core records every app builds on: users and roles, congresses, terms, sessions, organizations,
notifications with their email outbox, and the unified audit trail."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.deadline_text import HolidayName, explain  # noqa: F401  (HolidayName: its home was here)


class Role(models.TextChoices):
    """Roles are auth groups of these names; a user may hold several. Anonymous users are the public."""

    DEPUTY = "deputy", _("Deputy")
    UNIT = "unit", _("Handling-unit contact")
    MEMBER = "member", _("Standing-committee member")
    STAFF = "staff", _("Staff")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")


class Language(models.TextChoices):
    ZH_HANS = "zh-hans", "简体中文"
    EN = "en", "English"


class NotifyMode(models.TextChoices):
    INSTANT = "instant", _("An email for each notification")
    DAILY = "daily", _("One daily digest email")


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    # Private: visible to staff only, never on public pages, exports for the public, or logs.
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    organization = models.ForeignKey(
        "congress.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_("The handling unit of a unit contact, or the office of a staff member."),
    )
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.ZH_HANS)
    notify_mode = models.CharField(
        _("notification emails"), max_length=10, choices=NotifyMode.choices, default=NotifyMode.INSTANT
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    audit_private_fields = frozenset({"phone"})

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def role_names(self) -> frozenset[str]:
        """Return the user's role codes; cached on the instance (one query, or none if prefetched)."""
        cached = getattr(self, "_role_names", None)
        if cached is None:
            if "groups" in getattr(self, "_prefetched_objects_cache", {}):
                names = {g.name for g in self.groups.all()}
            else:
                names = set(self.groups.values_list("name", flat=True))
            cached = self._role_names = frozenset(names & set(Role.values))
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names & set(roles)) or (self.is_superuser and Role.ADMIN in roles)


class Level(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District")
    TOWN = "town", _("Town")


class Congress(models.Model):
    """A people's congress at one level, e.g. 汉滨区人民代表大会; town congresses have the district as parent."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent congress"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(level__in=Level.values), name="congress_level_valid"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="congress_not_own_parent",
                violation_error_message=_("A congress cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("congress:congress_detail", args=[self.pk])


class Term(models.Model):
    """A term (届) of a congress, e.g. the 19th."""

    congress = models.ForeignKey(Congress, verbose_name=_("congress"), on_delete=models.PROTECT, related_name="terms")
    number = models.PositiveSmallIntegerField(_("term number"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["congress__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="term_unique_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="term_number_positive",
                violation_error_message=_("The number must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="term_ends_after_start",
                violation_error_message=_("The end date must be after the start date."),
            ),
        ]

    def __str__(self):
        return _("%(congress)s, term %(number)s") % {"congress": self.congress, "number": self.number}

    def get_absolute_url(self):
        return reverse("congress:term_detail", args=[self.pk])


class Session(models.Model):
    """A session (次会议) of a congress in a term, e.g. the 2nd session of the 19th congress."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("session number"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    place = models.CharField(_("place"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="session_unique_number"),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="session_number_positive",
                violation_error_message=_("The number must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="session_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self):
        return _("%(term)s, session %(number)s") % {"term": self.term, "number": self.number}

    @property
    def short_name(self) -> str:
        """十九届三次会议 (term 19, session 3): reads ``term``."""
        from congress.formatting import numeral

        return _("term %(term)s, session %(number)s") % {
            "term": numeral(self.term.number),
            "number": numeral(self.number),
        }

    def get_absolute_url(self):
        return reverse("congress:session_detail", args=[self.pk])


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("People's government")
    SUPERVISORY = "supervisory", _("Supervisory commission")
    COURT = "court", _("People's court")
    PROCURATORATE = "procuratorate", _("People's procuratorate")
    DEPARTMENT = "department", _("Government department")
    TOWN = "town", _("Town or sub-district government")
    PARTY = "party", _("Party committee")
    COMMITTEE_OFFICE = "office", _("Standing-committee office")
    OTHER = "other", _("Other")


class Organization(models.Model):
    """A handling unit or nominating organ (一府一委两院, their departments, town governments),
    or an office of the standing committee itself."""

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    congress = models.ForeignKey(
        Congress,
        verbose_name=_("congress"),
        on_delete=models.PROTECT,
        related_name="organizations",
        help_text=_("The congress whose level this organization belongs to."),
    )
    is_handling_unit = models.BooleanField(_("handles proposals"), default=False)
    is_nominating_organ = models.BooleanField(_("nominates appointees"), default=False)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive organizations keep their records but get no new work.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["congress__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "name"], name="organization_unique_name"),
            models.CheckConstraint(condition=Q(kind__in=OrganizationKind.values), name="organization_kind_valid"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="organization_not_own_parent",
                violation_error_message=_("An organization cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("congress:organization_detail", args=[self.pk])


class Notification(models.Model):
    """An in-app message to one user; rendered in the recipient's language when created."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    transition_fields = ("read_at",)  # notification_mark_read, by the recipient only

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title


class OutboundEmail(models.Model):
    """An email waiting for, or past, delivery. Written in the same transaction as the record that
    caused it; marked sent only after the mail server accepted it, so a broker or mail outage delays
    a message but never loses it, and a retry skips what is already sent. The stable Message-ID lets
    a receiver recognise the one repeat possible (a crash between acceptance and the mark)."""

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("body"))
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    transition_fields = ("sent_at", "attempts", "last_error")  # outbound_email_send

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="outbox_pending_idx")]

    def __str__(self):
        return "%s → %s" % (self.subject, self.to)


class DigestLog(models.Model):
    """One user's daily digest email: at most one a day (the unique key), written in the same
    transaction as its outbox row, covering the unread notifications created up to ``until``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="digests"
    )
    day = models.DateField(_("day"))
    until = models.DateTimeField(_("notifications up to"))
    count = models.PositiveIntegerField(_("notifications"))
    email = models.ForeignKey(OutboundEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self):
        return "%s %s" % (self.user, self.day)


class CalendarFeed(models.Model):
    """The secret address of a user's .ics feed (congress.views_ics); a new token retires the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


class AuditAction(models.TextChoices):
    CREATE = "+", _("created")
    UPDATE = "~", _("changed")
    DELETE = "-", _("deleted")


class AuditEntry(models.Model):
    """One write to an audited model: who, when, what changed. Filled from django-simple-history's
    per-model history by a signal, so staff read every model's trail in one list."""

    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=1, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    changes = models.JSONField(_("changes"), default=list, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            # the audit trail's keyset pages by (created_at, id), all actions or one
            models.Index(fields=["created_at", "id"], name="audit_time_id"),
            models.Index(fields=["action", "created_at", "id"], name="audit_action_time_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=AuditAction.values), name="audit_action_valid"),
        ]

    def __str__(self):
        return "%s %s %s" % (self.get_action_display(), self.content_type, self.object_repr)


class UserSession(models.Model):
    """One signed-in session of a user (created at login, ended at logout, timeout or by staff)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="portal_sessions"
    )
    session_key = models.CharField(_("session"), max_length=64, unique=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("signed in"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "ended_at"], name="usersession_active_idx")]

    def __str__(self):
        return "%s @ %s" % (self.user, self.ip or "?")


class ReminderLog(models.Model):
    """Proof that one reminder was sent: (record, kind, deadline) is unique, and the row is written
    in the same transaction as the notification and its outbox email, so a sweep run twice, or two
    sweeps at once, send nothing twice; a new deadline gets reminders of its own."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20)
    deadline = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "kind", "deadline"], name="reminder_once")
        ]

    def __str__(self):
        return "%s #%s %s %s" % (self.content_type, self.object_id, self.kind, self.deadline)


# --- the legal calendar and deadlines (民法典 Art. 201–203) --------------------------------------


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Statutory holiday")
    WORKDAY = "workday", _("Make-up working day")


class CalendarDay(models.Model):
    """A day the State Council's notice sets apart from the plain week: a statutory holiday (a rest day
    even on a weekday) or a make-up working day (调休, a working day even on a weekend). Every other day
    is a working day Monday to Friday and a rest day at the weekend."""

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CalendarDayKind.choices)
    holiday = models.CharField(_("holiday"), max_length=20, choices=HolidayName.choices)
    name = models.CharField(
        _("name in the notice"),
        max_length=50,
        blank=True,
        help_text=_("Only when the holiday is “Other”, e.g. a one-off commemoration day."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CalendarDayKind.values), name="calendarday_kind_valid"),
            models.CheckConstraint(condition=Q(holiday__in=HolidayName.values), name="calendarday_holiday_valid"),
            models.CheckConstraint(
                condition=~Q(holiday=HolidayName.OTHER) | ~Q(name=""),
                name="calendarday_other_named",
                violation_error_message=_("Give the name of a holiday that is “Other”."),
            ),
        ]

    def __str__(self):
        return "%s %s (%s)" % (self.day.isoformat(), self.label, self.get_kind_display())

    @property
    def label(self) -> str:
        return self.name if self.holiday == HolidayName.OTHER else str(HolidayName(self.holiday).label)


class DeadlineRules(models.Model):
    """How one congress counts periods given in days (a local rule may say 工作日)."""

    congress = models.OneToOneField(
        Congress, verbose_name=_("congress"), on_delete=models.CASCADE, related_name="deadline_rules"
    )
    days_are_working_days = models.BooleanField(
        _("periods in days count working days"),
        default=False,
        help_text=_("On where a local rule gives periods in working days (工作日); else calendar days."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline rules")
        verbose_name_plural = _("deadline rules")

    def __str__(self):
        return str(self.congress)


class DeadlineNote(models.Model):
    """How one record's deadline field was computed (start, rule, the holiday it was moved past), kept
    beside any app's record so the apps need no field of their own. ``parts`` are the explanation's
    pieces, rendered in each reader's language; ``reason`` says why the date last moved."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("record id"))
    field = models.CharField(_("deadline field"), max_length=50)
    start = models.DateField(_("start"))
    rule = models.CharField(_("rule"), max_length=20)
    due = models.DateField(_("due on"))
    parts = models.JSONField(_("how it was computed"), default=dict, encoder=DjangoJSONEncoder)
    reason = models.CharField(_("reason of the last change"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline explanation")
        verbose_name_plural = _("deadline explanations")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "field"], name="deadlinenote_once_per_field")
        ]

    def __str__(self):
        return "%s #%s %s %s" % (self.content_type, self.object_id, self.field, self.due)

    @property
    def explanation(self) -> str:
        return explain(self.parts)
