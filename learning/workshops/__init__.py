"""Workshops: a bilingual catalogue, curricula authored by trainers, and their materials."""

from learning.workshops.routes import bp

__all__ = ["bp"]
