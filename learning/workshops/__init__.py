"""Workshops: a bilingual catalogue, curricula authored by trainers, and their materials."""
