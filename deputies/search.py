"""The deputies app's search source: people (deputies in office), with only what the public may see
(``selectors.deputy_public_list``), linked to their public profile."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from congress.search import SearchSource
from deputies.selectors import deputy_public_list

SOURCES = [
    SearchSource(
        key="deputies",
        label=_("Deputies"),
        visible=lambda user: deputy_public_list(),
        fields=("full_name", "occupation", "constituency"),
        url=lambda d, user: reverse("deputies:profile", args=[d.pk]),
        note=lambda d: "%s · %s" % (d.congress.name, d.occupation),
        order=80,
    )
]
