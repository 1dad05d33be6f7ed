from django.shortcuts import render


def index(request):
    """The section's landing page; the section's records are listed here as the app grows."""
    return render(request, "appointments/index.html")
