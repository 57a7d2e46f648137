"""The one error the rules raise: a code, the input field it is about, and its parameters.

The caller renders it in the reader's language (messages.text), so the CLI, the build and
the browser widget report the same problem in the same words.
"""
from __future__ import annotations

from .messages import field_name, in_language, text


class RuleError(ValueError):
    def __init__(self, code: str, field: str, **params):
        self.code, self.field, self.params = code, field, params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        return text(self.code, lang, field=field_name(self.field, lang), **self.params)

    def to_dict(self, lang: str) -> dict:
        return {"code": self.code, "field": self.field, "params": {k: str(in_language(v, lang)) for k, v in self.params.items()},
                "message": self.message(lang)}
