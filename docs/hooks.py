"""mkdocs hooks for the asyncdns site: README sections included by heading, tidy docstrings.

Pages take their text from the repository's READMEs, so that each text lives in one place.
Whole files come in with ``pymdownx.snippets`` (``--8<-- "CHANGELOG.md"``); a *section* of a
README comes in with one line of its own, which this hook replaces before Markdown runs::

    <!-- include: packages/asyncdns-resolvers/README.md#Recursive resolution -->

That is the body of the section whose heading reads ``Recursive resolution``, up to the next
heading of the same or a higher level. A heading matches when its text, without backticks,
is the one given or begins with it followed by ``(`` (``#HostsResolver`` matches
``### `HostsResolver(path=None, ...)` ``). Without ``#...``: the text between the file's title
and its first section. `` +heading`` keeps the section's own heading. Headings are re-levelled
to sit under the page heading above the include line, and relative links are rewritten: to
the page that includes the target README, else to the file in the repository. A path or
heading that is not there fails the build, so a renamed section cannot go missing quietly.

Docstrings are written with Sphinx roles (``:class:`Query```); mkdocstrings shows them as
text, so the rendered HTML drops the ``:role:`` prefix and the ``~`` of shortened names.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

#: Which page shows each README that pages link to, for rewriting links between READMEs.
README_PAGES = {
    "README.md": "index.md",
    "packages/asyncdns-wire/README.md": "codec.md",
    "packages/asyncdns-resolvers/README.md": "resolvers/resolver.md",
    "packages/asyncdns-system/README.md": "resolvers/system.md",
    "packages/pytest-asyncdns/README.md": "testing.md",
    "bench/README.md": "performance.md",
    "CHANGELOG.md": "changelog.md",
}

INCLUDE = re.compile(
    r"^<!--\s*include:\s*(?P<path>[^#\s]+)(?:#(?P<heading>.*?))?\s*(?P<keep>\+heading)?\s*-->\s*$"
)
HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*$")
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
LINK = re.compile(r"(?P<head>\]\()(?P<target>[^)\s]+)(?P<tail>[)\s])")
ROLE = re.compile(r":(?:class|meth|func|attr|mod|data|exc|obj|const|rfc):(?=<code>)")
TILDE = re.compile(r"<code>~(?:[\w]+\.)*(?P<last>\w+)")


class IncludeError(ValueError):
    """An include line names a file or heading that does not exist."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line of Markdown, with its heading level (0: not a heading, or inside a fence)."""

    text: str
    level: int
    title: str


def scan(markdown: str) -> list[Line]:
    """Split Markdown into lines, telling headings apart from lines inside code fences.

    Args:
        markdown: the text.

    Returns:
        One :class:`Line` per line of *markdown*.
    """
    lines: list[Line] = []
    fence: str | None = None
    for text in markdown.splitlines():
        opened = FENCE.match(text)
        if fence is not None:
            if opened and opened["fence"][0] == fence[0] and len(opened["fence"]) >= len(fence):
                fence = None
            lines.append(Line(text, 0, ""))
        elif opened:
            fence = opened["fence"]
            lines.append(Line(text, 0, ""))
        elif match := HEADING.match(text):
            lines.append(Line(text, len(match["hashes"]), match["text"].replace("`", "")))
        else:
            lines.append(Line(text, 0, ""))
    return lines


def _matches(title: str, wanted: str) -> bool:
    return title == wanted or title.startswith((wanted + "(", wanted + " ("))


def extract(markdown: str, heading: str | None, *, keep_heading: bool = False) -> list[Line]:
    """Cut one section (or the introduction) out of a Markdown document.

    Args:
        markdown: the whole document.
        heading: the section's heading text (see the module docstring), or ``None`` for the
            text between the document's first heading and the next one.
        keep_heading: include the section's own heading line.

    Returns:
        The section's lines, blank lines at either end removed.

    Raises:
        IncludeError: no heading matches, or more than one does.
    """
    lines = scan(markdown)
    if heading is None:
        first = next((i for i, line in enumerate(lines) if line.level), -1)
        start = first + 1
        end = next((i for i in range(start, len(lines)) if lines[i].level), len(lines))
    else:
        found = [i for i, line in enumerate(lines) if line.level and _matches(line.title, heading)]
        if len(found) != 1:
            raise IncludeError(f"{len(found)} headings match {heading!r} (need exactly one)")
        (at,) = found
        level = lines[at].level
        start = at if keep_heading else at + 1
        end = next(
            (i for i in range(at + 1, len(lines)) if 0 < lines[i].level <= level), len(lines)
        )
    section = lines[start:end]
    while section and not section[0].text.strip():
        section.pop(0)
    while section and not section[-1].text.strip():
        section.pop()
    return section


def relevel(section: list[Line], under: int) -> list[str]:
    """Shift the section's headings so that its top level sits just below level *under*.

    Args:
        section: lines from :func:`extract`.
        under: the level of the page heading the section goes under (0: none).

    Returns:
        The lines' text, headings re-levelled (never deeper than 6).
    """
    levels = [line.level for line in section if line.level]
    if not levels:
        return [line.text for line in section]
    shift = under + 1 - min(levels)
    out = []
    for line in section:
        if line.level:
            match = HEADING.match(line.text)
            assert match is not None
            level = max(1, min(6, line.level + shift))
            out.append("#" * level + " " + match["text"])
        else:
            out.append(line.text)
    return out


def rewrite_links(text: str, source: str, page: str, repo_url: str | None) -> str:
    """Point the relative links of an included file at pages of the site or at the repository.

    Args:
        text: the included Markdown.
        source: the included file's path in the repository (``packages/x/README.md``).
        page: the including page's path under ``docs/`` (``resolvers/system.md``).
        repo_url: the repository's web address, for links to files no page shows.

    Returns:
        *text* with its relative links rewritten; absolute links and anchors are kept.
    """

    def fix(match: re.Match[str]) -> str:
        target = match["target"]
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target, re.I):
            return match[0]
        path, _, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        if resolved in README_PAGES:
            new = posixpath.relpath(README_PAGES[resolved], posixpath.dirname(page) or ".")
        elif repo_url:
            new = f"{repo_url.rstrip('/')}/blob/main/{resolved}"
        else:
            return match[0]
        if anchor:
            new += "#" + anchor
        return match["head"] + new + match["tail"]

    return LINK.sub(fix, text)


def expand(markdown: str, page: str, *, root: Path = ROOT, repo_url: str | None = None) -> str:
    """Replace every include line of a page with the section it names.

    Args:
        markdown: the page's Markdown.
        page: the page's path under ``docs/``.
        root: the repository root that include paths are relative to.
        repo_url: the repository's web address (see :func:`rewrite_links`).

    Returns:
        The page with its includes expanded.

    Raises:
        IncludeError: an include names a missing file or heading.
    """
    out: list[str] = []
    level = 0
    for line in scan(markdown):
        match = INCLUDE.match(line.text)
        if match is None:
            out.append(line.text)
            level = line.level or level
            continue
        source = match["path"]
        file = root / source
        if not file.is_file():
            raise IncludeError(f"{page}: {source} does not exist")
        heading = match["heading"]
        try:
            section = extract(
                file.read_text(encoding="utf-8"),
                heading.strip() if heading is not None else None,
                keep_heading=bool(match["keep"]),
            )
        except IncludeError as exc:
            raise IncludeError(f"{page}: {source}: {exc}") from None
        text = "\n".join(relevel(section, level))
        out.append(rewrite_links(text, source, page, repo_url))
    return "\n".join(out) + "\n"


def tidy_roles(html: str) -> str:
    """Drop Sphinx role prefixes and ``~`` shorthands that docstrings leave in the HTML.

    Args:
        html: a rendered page.

    Returns:
        The page, ``:class:<code>~a.B</code>`` shown as ``<code>B</code>``.
    """
    return TILDE.sub(r"<code>\g<last>", ROLE.sub("", html))


# -- mkdocs events ---------------------------------------------------------------------------


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """Expand the include lines of a page (mkdocs event)."""
    del files
    return expand(markdown, page.file.src_uri, repo_url=config.get("repo_url"))


def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> str:
    """Tidy the docstring roles of a rendered page (mkdocs event)."""
    del page, config, files
    return tidy_roles(html)
