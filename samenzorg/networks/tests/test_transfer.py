"""Reading and writing network files."""

import csv
import io

from samenzorg.networks import transfer


def _actor(pk, key, label):
    return {
        "id": pk,
        "key": key,
        "label": label,
        "type": "welzijn",
        "degree": 1,
        "betweenness": 0.0,
        "community": 0,
    }


def test_csv_export_escapes_spreadsheet_formulas():
    actors = [
        _actor(1, "a", '=HYPERLINK("http://x")'),
        _actor(2, "@b", "+31 70 123 4567"),
        _actor(3, "c", "\tTab"),
    ]
    rows = list(csv.reader(io.StringIO(transfer.export_csv_actors(actors))))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[2][0] == "'@b"
    assert rows[2][1] == "+31 70 123 4567"  # a phone number stays as it is
    assert rows[3][1] == "'\tTab"
    ties = [
        {
            "source": 1,
            "target": 2,
            "kind": "samenwerking",
            "strength": 2,
            "directed": False,
            "started_on": None,
            "fictional": False,
        }
    ]
    tie_rows = list(csv.reader(io.StringIO(transfer.export_csv_ties(actors, ties))))
    assert tie_rows[1][:2] == ["a", "'@b"]


def test_escaped_cells_import_as_they_were():
    actors = [_actor(1, "@b", '=HYPERLINK("http://x")')]
    data = transfer.export_csv_actors(actors).encode()
    rows, _ties = transfer.read_csv(data, None)
    assert rows[0]["id"] == "@b" and rows[0]["name"] == '=HYPERLINK("http://x")'
