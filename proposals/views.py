from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def index(request):
    """The section's landing page; the section's records are listed here as the app grows."""
    return render(request, "proposals/index.html")
