"""Completion: progress, quizzes, attendance, completion rules and verifiable certificates."""
