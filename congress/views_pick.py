"""JSON answers for the autocomplete pickers (congress.pickers): ``/pick/<kind>/?q=``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from congress import pickers


@login_required
@require_GET
def pick(request, kind):
    """Up to 20 candidates of ``kind`` matching ``q`` that this user may choose; 404 for an unknown
    kind and for a user who may not search it alike."""
    spec = pickers.kinds().get(kind)
    if spec is None or not spec.allowed(request.user):
        raise Http404
    results = pickers.matches(user=request.user, kind=spec, q=request.GET.get("q", ""))
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "private, no-store"
    return response
