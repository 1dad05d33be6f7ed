"""The global search page (/search/?q=…): its own form, results grouped by kind, each kind's hits
filtered by what the viewer may see (congress.search and the apps' sources)."""

from django.shortcuts import render

from congress.search import MAX_QUERY, search


def search_page(request):
    results = search(user=request.user, raw=request.GET.get("q", "")[: MAX_QUERY * 10])
    return render(request, "congress/search.html", {**results, "max_query": MAX_QUERY})
