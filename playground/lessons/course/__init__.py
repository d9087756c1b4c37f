"""The ten lessons, in the course's order, one module per part of the syllabus."""
