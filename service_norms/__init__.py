"""Rules of the 三营 after-sales service norms V4: what the browser runs.

The JSON door (browser), deadlines on China's working calendar, escalation, their
explanations and messages in zh and en, and the bounds and words the data schemas share
(vocabulary). Pure Python, no I/O, standard library plus `chinesecalendar`: the same
modules run in pytest, at build time and in the browser under Pyodide, and this package is
the only one in the browser's wheel. It imports nothing from the build side (handbook/,
macros/); `python -m service_norms` is a small command line around the door.
"""
