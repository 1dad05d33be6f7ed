from django.shortcuts import render


def home(request):
    """The public home page: what the standing committee publishes."""
    return render(request, "reports/home.html")
