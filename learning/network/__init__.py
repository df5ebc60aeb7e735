"""The stakeholder network: organisations, people's opt-in profiles, following, discussion and
contact between members (issue 20)."""
