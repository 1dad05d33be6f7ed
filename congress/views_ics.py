"""The .ics calendar feed at a user's secret address, and the settings page that shows and renews it
together with the notification-email preference."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congress import feeds
from congress.audit import as_actor
from congress.forms import PortalFormMixin
from congress.models import NotifyMode


class NotifyModeForm(PortalFormMixin, forms.Form):
    submit_label = gettext_lazy("Save")

    notify_mode = forms.ChoiceField(
        label=gettext_lazy("Notification emails"), choices=NotifyMode.choices, widget=forms.RadioSelect
    )


@require_GET
def feed(request, token):
    """The feed itself: no sign-in (calendar programs cannot), the token is the key; 404 for a
    wrong, old or too long one alike."""
    user = feeds.feed_user(token)
    if user is None:
        raise Http404
    response = HttpResponse(feeds.calendar_for(user=user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="portal.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request):
    user = request.user
    form = NotifyModeForm(request.POST or None, initial={"notify_mode": user.notify_mode})
    if request.method == "POST" and form.is_valid():
        user.notify_mode = form.cleaned_data["notify_mode"]
        as_actor(user, user)
        user.save(update_fields=["notify_mode"])
        messages.success(request, _("Saved."))
        return redirect("congress:account_settings")
    token = feeds.calendar_feed_get(user=user).token
    feed_url = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    return render(request, "congress/account_settings.html", {"form": form, "feed_url": feed_url})


@login_required
@require_POST
def feed_regenerate(request):
    feeds.calendar_feed_regenerate(user=request.user)
    messages.success(request, _("The calendar address was renewed; the old one no longer works."))
    return redirect("congress:account_settings")
