// The trainer page opened from an exam link (?seed=…) is the trainee's view: the trainer's text
// is hidden before the first paint (procedures.css; quiz-trainer.js decides the rest). In the
// head, as a file: the Content-Security-Policy allows no inline script (SECURITY.md).
"use strict"
if (/[?&]seed=/.test(location.search) && !/[?&]trainer=/.test(location.search)) {
  document.documentElement.classList.add("hb-exam-view")
}
