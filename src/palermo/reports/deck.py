"""The submission as a 16:9 PowerPoint deck (python-pptx), one slide per content slide.

Titles sit in the layouts' title placeholders, so PowerPoint's outline, screen readers and
python-pptx read them back; bullets are real paragraphs with levels; a figure with a series is
charted beside the text (matplotlib PNG) and its source is linked."""

from __future__ import annotations

from io import BytesIO

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide as PptxSlide
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Inches, Pt

from palermo.reports import content
from palermo.reports.charts import chart_png

#: 16:9, as PowerPoint's own widescreen size (13.333 × 7.5 inches).
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)
MARGIN = Inches(0.6)
INK = RGBColor(0x1F, 0x29, 0x33)
ACCENT = RGBColor(0x00, 0x5A, 0x8C)
MUTED = RGBColor(0x4A, 0x55, 0x60)
#: Layouts of python-pptx's default template.
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5


def build(document: content.Document) -> bytes:
    """The deck as .pptx bytes."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = WIDTH, HEIGHT
    presentation.core_properties.title = document.title
    presentation.core_properties.language = document.language
    for slide in document.slides:
        if slide.kind in (content.TITLE, content.CLOSING):
            _cover(presentation.slides.add_slide(presentation.slide_layouts[TITLE_LAYOUT]), slide)
        else:
            _body(presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY_LAYOUT]),
                  slide)
    buffer = BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _cover(pptx_slide: PptxSlide, slide: content.Slide) -> None:
    title, subtitle = pptx_slide.placeholders[0], pptx_slide.placeholders[1]
    _place(title, MARGIN, Inches(1.9), WIDTH - 2 * MARGIN, Inches(2.0))
    _place(subtitle, MARGIN, Inches(4.1), WIDTH - 2 * MARGIN, Inches(2.6))
    _text(title.text_frame, slide.title, size=36 if len(slide.title) < 90 else 28, bold=True,
          color=INK, align=PP_ALIGN.LEFT)
    frame = subtitle.text_frame
    frame.clear()
    for index, line in enumerate(slide.subtitle):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(20)
        run.font.color.rgb = MUTED


def _body(pptx_slide: PptxSlide, slide: content.Slide) -> None:
    if slide.kicker:
        kicker = pptx_slide.shapes.add_textbox(MARGIN, Inches(0.3), Emu(WIDTH - 2 * MARGIN),
                                               Inches(0.45))
        _text(kicker.text_frame, slide.kicker, size=14, bold=True, color=ACCENT,
              align=PP_ALIGN.LEFT)
    title = pptx_slide.shapes.title
    assert title is not None  # noqa: S101 - the Title Only layout has a title placeholder
    _place(title, MARGIN, Inches(0.75), WIDTH - 2 * MARGIN, Inches(1.0))
    _text(title.text_frame, slide.title, size=30 if len(slide.title) < 60 else 24, bold=True,
          color=INK, align=PP_ALIGN.LEFT)
    charts = slide.charts
    text_width = Inches(7.1) if charts else Emu(WIDTH - 2 * MARGIN)
    top, bottom = Inches(1.9), Emu(HEIGHT - Inches(0.4))
    body = pptx_slide.shapes.add_textbox(MARGIN, top, text_width, Emu(bottom - top))
    frame = body.text_frame
    frame.word_wrap = True
    size = _font_size(slide)
    first = True
    for section in slide.sections:
        if section.heading:
            paragraph = _paragraph(frame, first)
            first = False
            paragraph.space_before = Pt(0 if paragraph is frame.paragraphs[0] else size)
            run = paragraph.add_run()
            run.text = section.heading
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), True, ACCENT
        for bullet in section.bullets:
            paragraph = _paragraph(frame, first)
            first = False
            _bullet(paragraph, bullet, size)
        for figure in section.figures:
            paragraph = _paragraph(frame, first)
            first = False
            _figure(paragraph, figure, size)
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    if charts:
        left = Emu(MARGIN + text_width + Inches(0.3))
        width = Emu(WIDTH - left - MARGIN)
        height = Emu((bottom - top) // len(charts[:2]))
        for index, figure in enumerate(charts[:2]):
            image = chart_png(figure, width=width / Inches(1), height=height / Inches(1) - 0.1)
            pptx_slide.shapes.add_picture(BytesIO(image), left, Emu(top + index * height),
                                          width=width)


def _font_size(slide: content.Slide) -> int:
    length = sum(len(b.text) for s in slide.sections for b in s.bullets)
    length += sum(len(f.line) + len(f.citation) for s in slide.sections for f in s.figures)
    if slide.charts:
        length = length * 3 // 2
    return 20 if length < 600 else 17 if length < 1000 else 14 if length < 1600 else 12


def _paragraph(frame: TextFrame, first: bool) -> _Paragraph:
    return frame.paragraphs[0] if first else frame.add_paragraph()


def _bullet(paragraph: _Paragraph, bullet: content.Bullet, size: int) -> None:
    paragraph.space_before = Pt(6)
    paragraph.level = bullet.level
    indent = Inches(0.35) * (bullet.level + 1)
    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", str(int(indent)))
    properties.set("indent", str(-int(Inches(0.35))))
    if bullet.marker:
        marker = paragraph.add_run()
        marker.text = f"{bullet.marker}\t"
        marker.font.size, marker.font.bold, marker.font.color.rgb = Pt(size), True, ACCENT
    else:
        character = properties.makeelement(qn("a:buChar"), {"char": "–" if bullet.level else "•"})
        properties.append(character)
    run = paragraph.add_run()
    run.text = bullet.text
    run.font.size = Pt(size - 2 * bullet.level)
    run.font.color.rgb = INK


def _figure(paragraph: _Paragraph, figure: content.FigureContent, size: int) -> None:
    """ "Label: value unit" in bold, then date and source (linked when there is a link)."""
    _bullet(paragraph, content.Bullet(figure.line), size)
    paragraph.runs[-1].font.bold = True
    if figure.citation:
        run = paragraph.add_run()
        run.text = f" ({figure.citation})"
        run.font.size, run.font.color.rgb = Pt(size - 4), MUTED
        if figure.source_url:
            run.hyperlink.address = figure.source_url


def _place(shape: object, left: Emu | int, top: Emu | int, width: Emu | int,
           height: Emu | int) -> None:
    shape.left, shape.top, shape.width, shape.height = (  # type: ignore[attr-defined]
        Emu(left), Emu(top), Emu(width), Emu(height))


def _text(frame: TextFrame, text: str, *, size: int, bold: bool, color: RGBColor,
          align: PP_ALIGN) -> None:
    frame.clear()
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, color
