"""The submission as Markdown: a heading per slide, the same content as the deck, every figure
with its date and source (linked)."""

from __future__ import annotations

from palermo.reports import content


def _escape(text: str) -> str:
    """Characters Markdown would read as markup, escaped; the text otherwise as typed."""
    for char in ("\\", "`", "*", "_", "[", "]", "<", ">", "#"):
        text = text.replace(char, "\\" + char)
    return text


def _figure(figure: content.FigureContent) -> str:
    line = f"- **{_escape(figure.line)}**"
    if figure.citation:
        citation = _escape(figure.citation)
        if figure.source_url:
            citation = f"[{citation}](<{figure.source_url}>)"
        line += f" ({citation})"
    return line


def build(document: content.Document) -> str:
    out: list[str] = []
    for slide in document.slides:
        if slide.kind == content.TITLE:
            out.append(f"# {_escape(slide.title)}")
            out.extend(["", *(f"{_escape(line)}  " for line in slide.subtitle)])
        elif slide.kind == content.CLOSING:
            out.append(f"## {_escape(slide.title)}")
            out.extend(["", *(f"{_escape(line)}  " for line in slide.subtitle)])
        else:
            heading = f"{slide.kicker} — {slide.title}" if slide.kicker else slide.title
            out.append(f"## {_escape(heading)}")
            for section in slide.sections:
                if section.heading:
                    out.extend(["", f"### {_escape(section.heading)}"])
                out.append("")
                for bullet in section.bullets:
                    indent = "   " * bullet.level
                    marker = bullet.marker or "-"
                    out.append(f"{indent}{marker} {_escape(bullet.text)}")
                out.extend(_figure(f) for f in section.figures)
        out.append("")
    return "\n".join(out).rstrip() + "\n"
