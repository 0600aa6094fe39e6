"""Stakeholder submissions built from data: slide decks (PPTX), PDF and Markdown."""
