"""Core pages: home, language switch, health checks, privacy notice and error pages."""
