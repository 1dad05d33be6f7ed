"""Deputies and their work: mandates, by-elections, groups, liaison stations, receptions, public
opinions, activities (incl. 列席), commendations and public-welfare contributions."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from congress.models import Congress, Organization, Term
from congress.validators import year_q


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Party(models.TextChoices):
    CPC = "cpc", _("Communist Party of China")
    DEMOCRATIC = "democratic", _("Democratic party")
    INDEPENDENT = "independent", _("No party affiliation")
    MASSES = "masses", _("Masses")


class DeputyStatus(models.TextChoices):
    IN_OFFICE = "in_office", _("In office")
    TERMINATED = "terminated", _("Mandate terminated")
    RESIGNED = "resigned", _("Resigned")
    DECEASED = "deceased", _("Deceased")
    RECALLED = "recalled", _("Recalled")


class Entry(models.TextChoices):
    GENERAL = "general", _("General election")
    BY_ELECTION = "by_election", _("By-election")


class ByElection(models.Model):
    """A by-election (补选) held by a congress in a term, filling ``seats`` vacancies."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="by_elections")
    date = models.DateField(_("date"))
    seats = models.PositiveSmallIntegerField(_("seats"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("by-election")
        verbose_name_plural = _("by-elections")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="byelection_seats_positive",
                violation_error_message=_("A by-election fills at least one seat."),
            )
        ]

    def __str__(self):
        return _("%(term)s by-election of %(date)s") % {"term": self.term, "date": self.date.isoformat()}

    def get_absolute_url(self):
        return reverse("deputies:byelection_detail", args=[self.pk])


class DeputyGroup(models.Model):
    """A deputy group (代表小组), usually per town or sub-district."""

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="deputy_groups")
    name = models.CharField(_("name"), max_length=100)
    area = models.CharField(_("area"), max_length=100, blank=True, help_text=_("Town or sub-district."))
    leader = models.ForeignKey(
        "Deputy", verbose_name=_("group leader"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deputy group")
        verbose_name_plural = _("deputy groups")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="deputygroup_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("deputies:deputygroup_detail", args=[self.pk])


class StationKind(models.TextChoices):
    HOME = "home", _("Deputies' home")
    STATION = "station", _("Deputies' liaison station")
    ROOM = "room", _("Deputies' liaison room")


class LiaisonStation(models.Model):
    """A 代表之家 / 代表联络站 / 代表联络室 where deputies receive constituents."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=StationKind.choices, default=StationKind.STATION)
    town = models.CharField(_("town or sub-district"), max_length=50)
    community = models.CharField(_("community or village"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200)
    schedule = models.CharField(_("opening schedule"), max_length=200, blank=True)
    office_phone = models.CharField(
        _("office phone"),
        max_length=30,
        blank=True,
        help_text=_("Published: the station's own number, not a deputy's."),
    )
    duty_deputies = models.ManyToManyField(
        "Deputy", verbose_name=_("deputies on duty"), blank=True, related_name="duty_stations"
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(m2m_fields=[duty_deputies])

    class Meta:
        verbose_name = _("liaison station")
        verbose_name_plural = _("liaison stations")
        ordering = ["town", "name"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=StationKind.values), name="station_kind_valid")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("deputies:liaisonstation_detail", args=[self.pk])


class Deputy(models.Model):
    """One mandate: a person serving as deputy of one congress in one term. A person who is a
    deputy at several levels has one row per mandate, linked by their user account or ID number."""

    PRIVATE_FIELDS = ("id_number", "phone", "home_address")
    audit_private_fields = frozenset(PRIVATE_FIELDS)
    # Changed only by services.deputy_end_mandate; no generic edit form exposes them.
    transition_fields = ("status", "status_date", "status_reason")

    full_name = models.CharField(_("full name"), max_length=50, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    party = models.CharField(_("party affiliation"), max_length=20, choices=Party.choices, default=Party.CPC)
    occupation = models.CharField(_("work unit and post"), max_length=200, blank=True)
    constituency = models.CharField(_("constituency"), max_length=100, blank=True)
    congress = models.ForeignKey(
        Congress, verbose_name=_("congress"), on_delete=models.PROTECT, related_name="deputies"
    )
    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="deputies")
    group = models.ForeignKey(
        DeputyGroup,
        verbose_name=_("deputy group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    station = models.ForeignKey(
        LiaisonStation,
        verbose_name=_("liaison station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    status = models.CharField(_("status"), max_length=12, choices=DeputyStatus.choices, default=DeputyStatus.IN_OFFICE)
    status_date = models.DateField(
        _("status since"), null=True, blank=True, help_text=_("The day the mandate ended: its rights end that day.")
    )
    # db_default: bulk SQL loads (bench/) that name only the older columns still insert
    status_reason = models.CharField(
        _("reason the mandate ended"), max_length=300, blank=True, default="", db_default=""
    )
    entry = models.CharField(_("entered by"), max_length=12, choices=Entry.choices, default=Entry.GENERAL)
    by_election = models.ForeignKey(
        ByElection,
        verbose_name=_("by-election"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elected",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mandates",
    )
    # Private: staff only; never on public pages, public exports or logs.
    id_number = models.CharField(_("ID number"), max_length=18, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    home_address = models.CharField(_("home address"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["full_name", "pk"]
        indexes = [
            models.Index(fields=["term", "status"], name="deputy_term_status_idx"),
            # the staff roster's keyset pages by (full_name, id): an index range, any page deep
            models.Index(fields=["full_name", "id"], name="deputy_name_id"),
            # trigram indexes serve the roster search (icontains is UPPER(col) LIKE UPPER('%…%'))
            GinIndex(OpClass(Upper("full_name"), name="gin_trgm_ops"), name="deputy_name_trgm"),
            GinIndex(OpClass(Upper("occupation"), name="gin_trgm_ops"), name="deputy_occupation_trgm"),
            GinIndex(OpClass(Upper("constituency"), name="gin_trgm_ops"), name="deputy_constituency_trgm"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(gender__in=Gender.values), name="deputy_gender_valid"),
            models.CheckConstraint(condition=Q(status__in=DeputyStatus.values), name="deputy_status_valid"),
            models.CheckConstraint(condition=Q(party__in=Party.values), name="deputy_party_valid"),
            models.CheckConstraint(
                condition=(
                    Q(entry=Entry.GENERAL, by_election__isnull=True)
                    | Q(entry=Entry.BY_ELECTION, by_election__isnull=False)
                ),
                name="deputy_byelection_matches_entry",
                violation_error_message=_("A deputy entered by by-election must name it, and only then."),
            ),
            models.UniqueConstraint(
                fields=["term", "id_number"],
                condition=~Q(id_number=""),
                name="deputy_unique_id_per_term",
                violation_error_message=_("This ID number already has a mandate in this term."),
            ),
            models.UniqueConstraint(
                fields=["term", "user"],
                condition=Q(user__isnull=False),
                name="deputy_unique_user_per_term",
                violation_error_message=_("This account already has a mandate in this term."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("deputies:deputy_detail", args=[self.pk])

    @property
    def in_office(self) -> bool:
        return self.status == DeputyStatus.IN_OFFICE

    @property
    def rights_end(self):
        """The first day this mandate gives no rights: the day it ended, else its term's end (None while
        neither is known). Reads ``term``, so load it with the deputy."""
        ended = None if self.in_office else self.status_date
        return min((d for d in (ended, self.term.end_date) if d), default=None)


class Reception(models.Model):
    """Deputies on duty at a station receiving constituents on one day."""

    station = models.ForeignKey(
        LiaisonStation, verbose_name=_("liaison station"), on_delete=models.PROTECT, related_name="receptions"
    )
    date = models.DateField(_("date"), db_index=True)
    deputies = models.ManyToManyField(Deputy, verbose_name=_("deputies on duty"), related_name="receptions")
    visitors = models.PositiveIntegerField(_("constituents received (person-times)"))
    matters = models.TextField(_("matters raised"), blank=True)

    history = HistoricalRecords(m2m_fields=[deputies])

    class Meta:
        verbose_name = _("reception")
        verbose_name_plural = _("receptions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(visitors__gte=1),
                name="reception_visitors_positive",
                violation_error_message=_("A reception receives at least one person."),
            )
        ]

    def __str__(self):
        return _("%(station)s, %(date)s") % {"station": self.station, "date": self.date.isoformat()}

    def get_absolute_url(self):
        return reverse("deputies:reception_detail", args=[self.pk])


class OpinionStatus(models.TextChoices):
    NEW = "new", _("Received")
    FORWARDED = "forwarded", _("Forwarded")
    HANDLING = "handling", _("Being handled")
    RESOLVED = "resolved", _("Resolved")
    EXPLAINED = "explained", _("Explained")
    NOT_FEASIBLE = "not_feasible", _("Not feasible")


class OpinionSource(models.TextChoices):
    RECEPTION = "reception", _("Reception at a station")
    MESSAGE = "message", _("Message left on the portal")
    ACTIVITY = "activity", _("Deputy activity")
    OTHER = "other", _("Other")


class PublicOpinion(models.Model):
    """社情民意: what a constituent raised, who collected it, where it was sent and how it ended."""

    PRIVATE_FIELDS = ("contact",)
    audit_private_fields = frozenset(PRIVATE_FIELDS)
    # Changed only by services.opinion_move (the buttons on the opinion's page), never by its edit form.
    transition_fields = ("status", "forwarded_to", "forwarded_on", "outcome", "closed_on")

    content = models.TextField(_("content"))
    raised_by = models.CharField(_("raised by"), max_length=50, blank=True, help_text=_("Empty when anonymous."))
    contact = models.CharField(_("contact"), max_length=50, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=OpinionSource.choices, default=OpinionSource.OTHER)
    station = models.ForeignKey(
        LiaisonStation,
        verbose_name=_("liaison station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    reception = models.ForeignKey(
        Reception, verbose_name=_("reception"), null=True, blank=True, on_delete=models.PROTECT, related_name="opinions"
    )
    collected_by = models.ForeignKey(
        Deputy, verbose_name=_("collected by"), null=True, blank=True, on_delete=models.PROTECT, related_name="opinions"
    )
    received_on = models.DateField(_("received on"), db_index=True)
    forwarded_to = models.ForeignKey(
        Organization,
        verbose_name=_("forwarded to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opinions",
    )
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=OpinionStatus.choices, default=OpinionStatus.NEW)
    outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public opinion")
        verbose_name_plural = _("public opinions")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OpinionStatus.values), name="opinion_status_valid"),
            models.CheckConstraint(
                condition=(
                    Q(status__in=["resolved", "explained", "not_feasible"], closed_on__isnull=False)
                    | Q(status__in=["new", "forwarded", "handling"], closed_on__isnull=True)
                ),
                name="opinion_closed_iff_final",
                violation_error_message=_("A closed opinion needs its closing date, and an open one has none."),
            ),
            models.CheckConstraint(
                condition=Q(forwarded_to__isnull=True) | Q(forwarded_on__isnull=False),
                name="opinion_forward_dated",
                violation_error_message=_("Give the date the opinion was forwarded."),
            ),
        ]

    def __str__(self):
        return self.content[:40]

    def get_absolute_url(self):
        return reverse("deputies:publicopinion_detail", args=[self.pk])


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Training")
    RESEARCH = "research", _("Research")
    INSPECTION = "inspection", _("Inspection")
    GROUP = "group", _("Deputy-group activity")
    ATTENDANCE = "attendance", _("Attending a meeting without vote (列席)")
    DIALOGUE = "dialogue", _("Bureau-chief–deputy dialogue")
    OTHER = "other", _("Other")


class Activity(models.Model):
    """A deputy activity: its participants and the suggestions it produced."""

    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), db_index=True)
    organizer = models.CharField(_("organizer"), max_length=100, blank=True)
    group = models.ForeignKey(
        DeputyGroup,
        verbose_name=_("deputy group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    participants = models.ManyToManyField(Deputy, verbose_name=_("participants"), blank=True, related_name="activities")
    suggestions_count = models.PositiveIntegerField(_("suggestions made"), default=0)
    suggestions = models.TextField(_("suggestions"), blank=True, help_text=_("One per line, if itemised."))

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["kind", "date"], name="activity_kind_date_idx")]
        constraints = [models.CheckConstraint(condition=Q(kind__in=ActivityKind.values), name="activity_kind_valid")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deputies:activity_detail", args=[self.pk])


class CommendationKind(models.TextChoices):
    EXCELLENT_DEPUTY = "deputy", _("Excellent deputy")
    EXCELLENT_PROPOSAL = "proposal", _("Excellent proposal")
    OTHER = "other", _("Other")


class Commendation(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=CommendationKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    deputy = models.ForeignKey(Deputy, verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="commendations")
    citation = models.CharField(_("citation"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-year", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CommendationKind.values), name="commendation_kind_valid"),
            models.CheckConstraint(
                condition=year_q(),
                name="commendation_year_sane",
                violation_error_message=_("Give a real year."),
            ),
        ]

    def __str__(self):
        return "%s %s %s" % (self.year, self.get_kind_display(), self.deputy)

    def get_absolute_url(self):
        return reverse("deputies:commendation_detail", args=[self.pk])


class Contribution(models.Model):
    """A deputy's public-welfare work as the annual summary reports it: jobs created, donations."""

    deputy = models.ForeignKey(Deputy, verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="contributions")
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.CharField(_("description"), max_length=300)
    jobs = models.PositiveIntegerField(_("jobs created"), default=0)
    donation_wan = models.DecimalField(_("donation (10 thousand yuan)"), max_digits=12, decimal_places=2, default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(donation_wan__gte=0),
                name="contribution_donation_nonnegative",
                violation_error_message=_("A donation cannot be negative."),
            ),
            models.CheckConstraint(
                condition=year_q(),
                name="contribution_year_sane",
                violation_error_message=_("Give a real year."),
            ),
        ]

    def __str__(self):
        return "%s %s" % (self.deputy, self.description[:30])

    def get_absolute_url(self):
        return reverse("deputies:contribution_detail", args=[self.pk])
