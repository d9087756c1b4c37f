"""Lessons: a guided path through the course. Each step opens a page with its settings (a link
through the URL field table) and carries live checks, pure functions of the run on screen."""
