"""Put the figures of the algorithm benchmarks into bench/RESULTS.md.

``run.py`` writes the page benchmarks to RESULTS.md; ``assessment_bench.py``,
``networks_bench.py``, ``live_session.py`` and ``import_bench.py`` write their own
files. This adds those files to RESULTS.md below a marker, replacing what an earlier
run put there, so all figures are in one place.
"""

from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "RESULTS.md"
PARTS = [
    ("Kansrijkheid (assessment)", BENCH / "RESULTS-assessment.md"),
    ("Netwerkkaart (networks)", BENCH / "RESULTS-networks.md"),
    ("Live sessie (assessment)", BENCH / "RESULTS-live-session.md"),
    ("Import van initiatieven", BENCH / "RESULTS-import.md"),
]
MARKER = "<!-- algorithm benchmarks: written by bench/collect.py -->"


def demote(markdown: str) -> str:
    """Headings one level down, so each part sits under its own section."""
    return "\n".join(
        "#" + line if line.startswith("#") else line for line in markdown.splitlines()
    )


def main() -> None:
    pages = RESULTS.read_text(encoding="utf-8").split(MARKER)[0].rstrip()
    sections = [pages, "", MARKER, ""]
    for title, path in PARTS:
        if path.exists():
            sections += [f"## {title}", "", f"From `{path.name}`.", ""]
            sections += [demote(path.read_text(encoding="utf-8")), ""]
    RESULTS.write_text("\n".join(sections), encoding="utf-8")
    print(f"{RESULTS.relative_to(BENCH.parent)} now holds all benchmark figures.")


if __name__ == "__main__":
    main()
