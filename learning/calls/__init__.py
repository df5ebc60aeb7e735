"""Academic exchange calls: fellowships, research stays and joint projects, from the call to
the placement's final report — eligibility, applications, fair review and selection (issue 19)."""
