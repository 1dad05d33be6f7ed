"""The check that every figure's staff link opens a list whose row count (or the total shown on it)
equals the figure, and its public link answers the public: used on a year built through the
services (test_drilldown) and on the demo year (test_demo_year)."""


def count_on(response, key):
    """The number a staff list shows for the figure: the total of the records page (a count, a column
    sum, a rate), the year's person-times on the appointments pipeline, else the list's row count."""
    ctx = response.context
    if "records" in ctx:
        return ctx["total"]
    if key == "appointments.person_times":
        return ctx["counts"]["total"]
    # a keyset page (congress.paging) counts up to its cap; a Django page has its paginator's count
    page = ctx["page"] if "page" in ctx else ctx["page_obj"]
    return getattr(page, "paginator", page).count


def mismatches(staff_client, anonymous_client, year) -> dict:
    """{key: (figure, what its staff list shows, public status)} for every figure that disagrees."""
    from reports.figures import compute

    wrong = {}
    for f in compute(year):
        response = staff_client.get(f.staff_url)
        shown = count_on(response, f.key) if response.status_code == 200 else response.status_code
        public = anonymous_client.get(f.public_url).status_code if f.public_url else 200
        if shown != f.value or public != 200 or not f.staff_url:
            wrong[f.key] = (f.value, shown, public)
    return wrong
