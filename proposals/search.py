"""The proposals app's search sources and its similar-earlier-proposals list.

Visibility is the app's own: proposals through ``proposal_list_for``; a reply or an opinion through
the assignment it belongs to: staff and leaders any, a unit contact only its own unit's, a deputy those
on their own proposals, everyone the lead units' replies to published proposals (as the published page
shows them)."""

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Q, QuerySet
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from congress.search import SearchSource, parse_query
from proposals.models import UNSUBMITTED, Assignment, Proposal, Reply, Role
from proposals.selectors import _mandate_ids, proposal_list_for

SIMILAR = 5
# the words nearly every title has: left out of the compared title so they do not make all alike
_BOILERPLATE = ("关于", "的建议", "的议案", "建议", "议案")


def _readable(user, via: str = "") -> Q:
    """The condition on an assignment (reached through ``via``, e.g. "assignment__") that ``user`` may
    read its reply and opinion (see the module's docstring). Joined conditions, not a subquery of every
    readable assignment: the search walks the newest rows and tests each."""

    def q(**lookups):
        return Q(**{via + k: v for k, v in lookups.items()})

    public = q(proposal__published=True, role=Role.LEAD)
    if not user.is_authenticated:
        return public
    if user.has_perm("proposals.view_all"):
        return Q()
    cond = public | q(proposal__lead_id__in=_mandate_ids(user))
    if user.organization_id and user.has_role("unit"):
        cond |= q(unit_id=user.organization_id)
    return cond


def assignment_list_for(*, user) -> QuerySet[Assignment]:
    """The assignments whose reply and opinion ``user`` may read (see the module's docstring)."""
    return Assignment.objects.select_related("proposal", "unit").filter(_readable(user))


def reply_list_for(*, user) -> QuerySet[Reply]:
    return Reply.objects.filter(_readable(user, "assignment__")).select_related(
        "assignment__proposal", "assignment__unit"
    )


def opinion_list_for(*, user) -> QuerySet[Assignment]:
    return assignment_list_for(user=user).exclude(opinion="")


def _proposal_note(p):
    return "%s · %s" % (p.session, p.get_status_display())


SOURCES = [
    SearchSource(
        key="proposals",
        label=_("Proposals"),
        visible=lambda user: proposal_list_for(user=user),
        fields=("title", "content"),
        url=lambda p, user: p.get_absolute_url(),
        title=str,
        note=_proposal_note,
        order=10,
        indexed=True,
    ),
    SearchSource(
        key="replies",
        label=_("Replies"),
        visible=lambda user: reply_list_for(user=user),
        fields=("text",),
        url=lambda r, user: r.assignment.get_absolute_url(),
        title=lambda r: "%s · %s" % (r.assignment.unit.name, r.assignment.proposal),
        note=lambda r: "%s · %s" % (r.get_cls_display(), r.replied_on),
        order=20,
        indexed=True,
    ),
    SearchSource(
        key="opinions",
        label=_("Opinions to the lead unit"),
        visible=lambda user: opinion_list_for(user=user),
        fields=("opinion",),
        url=lambda a, user: a.get_absolute_url(),
        title=lambda a: "%s · %s" % (a.unit.name, a.proposal),
        order=30,
        indexed=True,
    ),
]


def _compared(title: str) -> str:
    text = " ".join(parse_query(title[:200] if title else "").terms) if title else ""
    for word in _BOILERPLATE:
        text = text.replace(word, " ")
    return " ".join(text.split()).upper()


def similar_proposals(*, user, title: str, exclude_pk: int | None = None, limit: int = SIMILAR) -> list[Proposal]:
    """The ``limit`` submitted proposals ``user`` may see whose titles are most like ``title`` by trigram
    similarity (pg_trgm's ``%`` operator, through the title's trigram index), most similar first, newest
    among equals. One query; none for a title with nothing left to compare."""
    text = _compared(title)
    if len(text) < 2:
        return []
    qs = (
        proposal_list_for(user=user)
        .exclude(status__in=UNSUBMITTED)
        .alias(_upper=Upper("title"))
        .filter(_upper__trigram_similar=text)
        .annotate(similarity=TrigramSimilarity(Upper("title"), text))
        .order_by("-similarity", "-pk")
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs[:limit])
