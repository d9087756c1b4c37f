"""Every string of the lessons' own interface (the lessons' content is in `course/`), kept
in one place so it can be translated."""

TEXT = {  # the lessons' own interface
    "page_title": "Lessons",
    "page_caption": "A guided path through the course. Each step opens a page with its "
                    "settings and a checklist that ticks itself while your run plays; each "
                    "lesson ends with a few questions.",
    "lesson_heading": "Lesson {number}: {title}",
    "progress": "{done} of {steps} steps done · {right} of {questions} questions right",
    "start": "Start",
    "continue": "Continue",
    "all_lessons": "All lessons",
    "open_step": "Open this step",
    "step_heading": "Step {step}: {title}",
    "step_done": "done",
    "checks": "What the app checks while your run plays:",
    "step_link": "This step's link",
    "questions": "Questions",
    "answer": "Check my answer",
    "right": "Right.",
    "wrong": "Not quite: the answer is “{answer}”.",
    "card_title": "**Lesson {number} · step {step} of {steps}: {title}**",
    "next_step": "Next step",
    "to_lesson": "Back to the lesson",
    "check_error": "This check could not be computed on this run ({error}).",
}
