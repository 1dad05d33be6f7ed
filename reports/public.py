"""The public home page: the doors into everything the standing committee publishes."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from congress.pagecache import public_page
from reports import selectors


@public_page("home")
def home(request):
    """Link the latest published report (none until a year is published), the projects being carried out,
    published proposals and replies, decisions, the directory and the stations' message forms."""
    from projects.selectors import current_year

    years = selectors.report_years(include_unpublished=False)
    projects_year = current_year(timezone.localdate().year)
    return render(
        request,
        "reports/home.html",
        {
            "latest_year": years[0] if years else None,
            "this_year": projects_year,
            "projects_url": "%s?year=%d" % (reverse("projects:index"), projects_year),
        },
    )
