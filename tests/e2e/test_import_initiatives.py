"""A municipal officer imports initiatives: the import runs in the background.

The story: the import page → upload a file with mistakes → the page shows the import
waiting, with a progress bar → the task worker runs it → without a reload the page
shows every mistake with its line and column, and nothing was imported → upload the
corrected file → the worker runs it → the page says how many were imported and links
to the list, which shows them. The pages have no axe-core violations.

The tasks are queued in the database here, as with ``make run``, and the worker's own
loop runs them when the test says so, so the waiting state can be seen.
"""

import re

import pytest
from checks import assert_no_axe_violations
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

BAD = "naam;fase\nBuurtkamer Moerwijk;later\n;actief\nTaalcafé;idee\n"
GOOD = "naam;fase\nBuurtkamer Moerwijk;opstart\nTaalcafé;idee\n"


@pytest.fixture
def queued_tasks(settings):
    """Tasks wait in the database until ``run_the_worker`` runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_the_worker(page) -> None:
    """Run the queued tasks with the worker's loop of ``manage.py db_worker --batch``.

    First wait for a poll of the progress to come back: the page asks again only a
    second later, and while this runs, Playwright routes no request to the server.
    """
    from django_tasks_db.management.commands.db_worker import Worker

    with page.expect_response(re.compile(r"/taken/[0-9a-f-]+/")):
        pass
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e-worker",
        excluded_queue_names=[],
    ).run()


def upload(page, name: str, text: str) -> None:
    page.get_by_label(re.compile(r"^Bestand \(")).set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Controleren en importeren").click()


def test_officer_imports_initiatives_and_follows_the_progress(
    page, make_user, log_in, queued_tasks
):
    from samenzorg.initiatives.models import Initiative

    log_in(make_user(roles=["gemeente"]))
    page.goto("/initiatieven/importeren/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Initiatieven importeren")

    # A file with mistakes: first it waits for the worker.
    upload(page, "inventaris.csv", BAD)
    expect(page).to_have_url(re.compile(r"/initiatieven/importeren/\?taak="))
    progress = page.get_by_role("region", name="Uw import")
    expect(progress).to_contain_text("Wacht:")
    expect(progress.locator("progress")).to_be_visible()
    run_the_worker(page)

    # Without a reload, every mistake with its line and column.
    errors = progress.get_by_role("table", name="Fouten in het bestand")
    expect(errors).to_be_visible()
    expect(progress).to_contain_text("het bestand heeft 2 fouten")
    expect(errors.get_by_role("row", name=re.compile(r"^2 fase "))).to_contain_text(
        "'later' is geen geldige fase"
    )
    expect(errors.get_by_role("row", name=re.compile(r"^3 naam "))).to_contain_text(
        "De naam is verplicht."
    )
    assert Initiative.objects.count() == 0
    assert_no_axe_violations(page, "initiative-import-mistakes")

    # The corrected file.
    upload(page, "inventaris.csv", GOOD)
    expect(progress).to_contain_text("Wacht:")
    run_the_worker(page)
    expect(progress).to_contain_text("2 initiatieven geïmporteerd")
    assert_no_axe_violations(page, "initiative-import-done")
    progress.get_by_role("link", name="Toon de initiatieven").click()
    expect(page).to_have_url(re.compile(r"/initiatieven/$"))
    expect(page.get_by_role("main")).to_contain_text("Taalcafé")
    assert Initiative.objects.count() == 2
    assert page.js_errors == []
