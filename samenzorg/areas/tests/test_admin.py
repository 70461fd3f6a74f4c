from samenzorg.accounts.models import User
from samenzorg.areas.models import Area


def test_admin_lists_areas_variables_and_statistics(client, areas):
    admin = User.objects.create_superuser(
        email="beheer@example.org", password="x-123456!"
    )
    client.force_login(admin)
    for url in [
        "/beheer/areas/area/",
        "/beheer/areas/variable/",
        "/beheer/areas/statistic/",
        f"/beheer/areas/area/{Area.objects.get(code='WK051836').pk}/change/",
    ]:
        assert client.get(url).status_code == 200, url


def test_admin_action_recomputes(client, areas):
    admin = User.objects.create_superuser(
        email="beheer@example.org", password="x-123456!"
    )
    client.force_login(admin)
    gemeente = Area.objects.get(code="GM0518")
    response = client.post(
        "/beheer/areas/area/",
        {"action": "recompute", "_selected_action": [gemeente.pk]},
        follow=True,
    )
    assert response.status_code == 200
