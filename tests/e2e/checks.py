"""What the browser tests check on a page: axe-core, screenshots, reflow at 320 px,
Content-Security-Policy violations."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_URL = "/static/vendor/axe-core/axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOT_DIR = ARTIFACTS / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NARROW, WIDE = 320, 1280


def is_csp_violation(message) -> bool:
    """Chromium reports each blocked script, style or image on the console."""
    return message.type == "error" and "Content Security Policy" in message.text


def run_axe(page) -> list[dict]:
    """Run axe-core on the page with the WCAG 2.1 A/AA rules; return the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # From the site's own static files: the Content-Security-Policy refuses
        # inline scripts, so Playwright's inline copy of a file would not run.
        page.add_script_tag(url=AXE_URL)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return result.violations.map(v => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                    target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t),
                    summary: n.failureSummary,
                })),
            }));
        }""",
        AXE_TAGS,
    )


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:10]:
            lines.append(f"    at {', '.join(node['target'])}")
            lines.extend(
                f"      {line.strip()}"
                for line in (node["summary"] or "").splitlines()[:4]
            )
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_no_axe_violations(page, name: str) -> None:
    violations = run_axe(page)
    if violations:
        report_dir = ARTIFACTS / "axe"
        report_dir.mkdir(parents=True, exist_ok=True)
        (report_dir / f"{name}.json").write_text(json.dumps(violations, indent=2))
    assert not violations, (
        f"axe-core found {len(violations)} WCAG 2.1 AA rule(s) violated on "
        f"{name} ({page.url}):\n{format_violations(violations)}"
    )


def screenshot(page, name: str, width: int) -> Path:
    """Save a full-page screenshot as test-artifacts/screenshots/<name>-<width>.png."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )


def wide_elements(page) -> list[str]:
    """Elements sticking out past the right edge of the window, to explain overflow."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const found = [];
            for (const el of document.querySelectorAll('body *')) {
                const box = el.getBoundingClientRect();
                if (box.right > width + 1 && box.width > 0) {
                    const id = el.id ? '#' + el.id : '';
                    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
                    found.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(box.right)}px)`);
                }
            }
            return found.slice(0, 10);
        }"""
    )
