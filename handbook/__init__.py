"""The build side: what the site's build, the tests and the command line need besides the rules.

The schemas of the data files (models, service_levels, procedures, question_bank), the one
loader that reads and validates them (data_files) with the words pages show (labels), the
cross-file checks of the question bank (questions), links between pages (links), sections
and their status (sections), quiz compilation, draws and exports (quiz, quiz_export),
the translation structure check and the restoration replay (translation_structure,
restoration), and `python -m handbook` (quiz-export).

Imports go one way: macros → handbook → service_norms. Nothing here is shipped to the
browser; pydantic and PyYAML are build-time only.
"""
