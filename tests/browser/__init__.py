"""End-to-end journeys in a real Chromium: accessibility (axe-core), keyboard, page weight."""
