"""Result codes: a trainee's hand-in of a seeded exam as one short text, for a class with no server.

A code holds the exam link's parameters (pool, seed, count, sections, types, language), the
question bank's version, the attempt number in the trainee's browser, the hand-in time, the
answers and the trainee's name, with a CRC-32 so that a mistyped or truncated code is
refused. It is written `SN2-` and Crockford base32 (digits and capitals without I, L, O, U:
case and the look-alikes do not matter when typed, and a QR code holds it in its compact
alphanumeric mode); spaces, line breaks and dash look-alikes inside a pasted code are read
past. It holds no answer key: an exam-pool question's answers are scored with the trainer's
key file (handbook/exam_key.py). It is not tamper-proof: a static site has no secret, so
anyone who reads this file can write a code with any answers under any name.

The bytes, after the prefix (varint: unsigned LEB128):

    4 bytes   bank version (bank_version: what the draw and the scoring depend on)
    1 byte    language: 0 zh, 1 en
    1 byte    pool: 0 study, 1 exam
    varint    seed (1 … 2147483647)
    varint    count as in the link (0: all the questions that match)
    varint    sections: bit i for the i-th of the bank's section ids in sorted order
    varint    types: bit i for quiz.TYPES[i]
    varint    attempt: 1 for the first hand-in of this exam in that browser, 2 for the next …
    varint    hand-in time: whole minutes since 1970-01-01 00:00 UTC (the trainee's clock)
    varint    number of answers, then one varint per question in exam order (answer_number)
    varint    length of the name in UTF-8 bytes, then the bytes
    4 bytes   CRC-32 (zlib's, big-endian) of all the bytes before it

SN1 codes (before attempts and times, and before the exam pool) are refused with that
reason: they cannot say which try they were.

overrides/assets/javascripts/result-code.js reads and writes the same bytes; the tests hold
the two to each other on shared fixtures (tests/data/result_code_cases.json).
"""
from __future__ import annotations

import hashlib
import json
import re
import zlib
from dataclasses import dataclass, field

import unicodedata

from .quiz import POOLS, TYPES, draw_exam, is_correct

PREFIX = "SN2-"
FORMAT = "2"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32
_READ = {c: i for i, c in enumerate(ALPHABET)} | {"I": 1, "L": 1, "O": 0}
SEED_MAX = 2147483647
NAME_MAX = 60  # characters (code points), after cleaning
LANGS = ("zh", "en")
# The prefix, the format's number, and base32 (every capital but U: I, L and O read as 1, 1, 0).
# Spaces and line breaks inside a code (a chat app's wrapping, a code read out in groups)
# and dash look-alikes after "SN2" (a word processor's en dash) are read past.
_CODE = re.compile(r"SN\s*(\d+)\s*-\s*([0-9A-TV-Z](?:\s*[0-9A-TV-Z])*)")
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
# In a name: white space (made one space), and what is dropped: control characters, the
# byte-order mark and bidirectional formatting characters (a name with them can show as
# another name). Listed, not taken from str.isspace(), so that result-code.js does the same.
_SPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000") | {chr(c) for c in range(0x2000, 0x200b)}
_DROP = set("\ufeff\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class CodeError(ValueError):
    """A code that cannot be read. `key` names the message in data/labels.yml (quiz.code.*),
    `values` fill it; str() is the English message for logs and tracebacks."""

    def __init__(self, key: str, **values):
        self.key, self.values = key, values
        super().__init__(f"{key}: {values}")


@dataclass
class HandIn:
    lang: str
    seed: int
    count: int  # 0: all that match
    sections: list[str]
    types: list[str]
    responses: list  # per question in exam order: None, a bool, or a list of indexes
    name: str
    pool: str = "study"
    attempt: int = 1
    minute: int = 0  # hand-in time, minutes since 1970-01-01 UTC
    bank: str = ""  # the bank version the code was made with
    exam: list[dict] = field(default_factory=list)  # draw_exam's result for these parameters


# --- the bank's version -----------------------------------------------------------------

def bank_version(bank) -> str:
    """8 hex digits over what the draw and the scoring depend on, the same in both languages:
    ids, sections, types, and which options are right (true/false answers, item counts).
    A corrected wording keeps the version (and the codes made with it); a new, removed or
    re-keyed study question changes it. Of an exam-pool question it covers the pool and the
    number of choices, never the key (a version is served, and a hash of a key is found by
    trying the choices): its key file is for this version (handbook/exam_key.py)."""
    facts = []
    for q in sorted(bank, key=lambda q: q["id"]):
        if q.get("pool", "study") == "exam":
            facts.append([q["id"], q["section"], q["type"], ["exam", len(q.get("options") or [])]])
            continue
        key = (q["answer"] if q["type"] == "true_false" else
               len(q["items"]) if q["type"] == "ordering" else [o["correct"] for o in q["options"]])
        facts.append([q["id"], q["section"], q["type"], key])
    text = json.dumps(facts, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:8]


def section_ids(bank) -> list[str]:
    return sorted({q["section"] for q in bank})


# --- answers as numbers -------------------------------------------------------------------

def answer_number(q: dict, response) -> int:
    """0 for no answer; true/false 1 / 2; choices a bit mask of the original option indexes;
    ordering 1 + the rank of the arrangement among all arrangements (Lehmer code)."""
    if response is None:
        return 0
    if q["type"] == "true_false":
        return 1 if response is True else 2
    if q["type"] == "ordering":
        return 1 + _rank(list(response))
    mask = 0
    for i in response:
        mask |= 1 << i
    return mask


def response_of(q: dict, number: int):
    """The response an answer number stands for; CodeError if it is none of the question's."""
    if number == 0:
        return None
    if q["type"] == "true_false":
        if number not in (1, 2):
            raise CodeError("bad_answer")
        return number == 1
    if q["type"] == "ordering":
        n = len(q["items"])
        if number - 1 >= _factorial(n):
            raise CodeError("bad_answer")
        return _unrank(number - 1, n)
    if number >> len(q["options"]):
        raise CodeError("bad_answer")
    chosen = [i for i in range(len(q["options"])) if number >> i & 1]
    if q["type"] != "multiple" and len(chosen) != 1:
        raise CodeError("bad_answer")
    return chosen


def _factorial(n: int) -> int:
    out = 1
    for k in range(2, n + 1):
        out *= k
    return out


def _rank(perm: list[int]) -> int:
    rest = sorted(perm)
    rank = 0
    for k, x in enumerate(perm):
        i = rest.index(x)
        rank += i * _factorial(len(perm) - 1 - k)
        rest.pop(i)
    return rank


def _unrank(rank: int, n: int) -> list[int]:
    rest = list(range(n))
    out = []
    for k in range(n - 1, -1, -1):
        i, rank = divmod(rank, _factorial(k))
        out.append(rest.pop(i))
    return out


# --- bytes ---------------------------------------------------------------------------------

def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def take(self, n: int) -> bytes:
        if self.at + n > len(self.data):
            raise CodeError("damaged")
        out = self.data[self.at:self.at + n]
        self.at += n
        return out

    def varint(self) -> int:
        value, shift = 0, 0
        while True:
            byte = self.take(1)[0]
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7
            if shift > 35:  # no field needs more than 5 bytes
                raise CodeError("damaged")


def base32(data: bytes) -> str:
    bits, value, out = 0, 0, []
    for byte in data:
        value = (value << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append(ALPHABET[(value >> bits) & 31])
    if bits:
        out.append(ALPHABET[(value << (5 - bits)) & 31])
    return "".join(out)


def unbase32(text: str) -> bytes:
    bits, value, out = 0, 0, bytearray()
    for ch in text:
        value = ((value << 5) | _READ[ch]) & 0xFFFF
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append((value >> bits) & 0xFF)
    # What base32() writes, and nothing else: an extra or altered last character is damage.
    if bits >= 5 or value & ((1 << bits) - 1):
        raise CodeError("damaged")
    return bytes(out)


# --- writing and reading codes ---------------------------------------------------------------

def clean_name(name: str) -> str:
    """The name as the hand-in form keeps it: control and bidirectional formatting characters
    dropped, spaces at the ends dropped, runs of white space made one space; CodeError if it
    is empty or longer than NAME_MAX characters."""
    name = "".join(" " if c in _SPACE else c for c in name
                   if c in _SPACE or (unicodedata.category(c) != "Cc" and c not in _DROP))
    name = " ".join(w for w in name.split(" ") if w)
    if not name:
        raise CodeError("name_missing")
    if len(name) > NAME_MAX:
        raise CodeError("name_long", max=NAME_MAX)
    return name


def encode(bank, lang: str, seed: int, count: int, sections, types, responses: list, name: str,
           pool: str = "study", attempt: int = 1, minute: int = 0) -> str:
    """The code for a hand-in. `sections` / `types`: the link's lists (None: all); `attempt`:
    this browser's count of hand-ins of the exam; `minute`: minutes since 1970 UTC."""
    ids = section_ids(bank)
    sections = ids if sections is None else sections
    types = list(TYPES) if types is None else types
    out = bytearray(bytes.fromhex(bank_version(bank)))
    out.append(LANGS.index(lang))
    out.append(POOLS.index(pool))
    out += _varint(seed) + _varint(count or 0)
    out += _varint(sum(1 << ids.index(s) for s in set(sections)))
    out += _varint(sum(1 << TYPES.index(t) for t in set(types)))
    out += _varint(attempt) + _varint(minute)
    by_id = {q["id"]: q for q in bank}
    exam = draw_exam(bank, seed, sections, count or None, types, pool)
    if len(responses) != len(exam):
        raise ValueError(f"responses: {len(responses)} for an exam of {len(exam)} questions")
    out += _varint(len(exam))
    for e, response in zip(exam, responses):
        out += _varint(answer_number(by_id[e["id"]], response))
    raw = clean_name(name).encode("utf-8")
    out += _varint(len(raw)) + raw
    out += zlib.crc32(out).to_bytes(4, "big")
    return PREFIX + base32(bytes(out))


def find_code(line: str) -> tuple[str, list[str]] | None:
    """(format digits, candidate bodies) of the code in a pasted line (alone, in a chat
    message, or in a result link), upper-cased; None if there is none. The candidates are the
    body with the spaces inside it removed, then without its last space-separated group, and
    so on: the checksum picks the one that is the code ("SN2-ABC DEF thanks" reads THANKS too)."""
    m = _CODE.search(_DASHES.sub("-", line.upper()))
    if not m:
        return None
    groups = m.group(2).split()
    return m.group(1), ["".join(groups[:k]) for k in range(len(groups), 0, -1)]


def _checked_bytes(bodies: list[str]) -> bytes:
    """The bytes of the first candidate body whose checksum holds; CodeError("damaged") if none."""
    for body in bodies:
        try:
            data = unbase32(body)
        except CodeError:
            continue
        if len(data) >= 9 and zlib.crc32(data[:-4]) == int.from_bytes(data[-4:], "big"):
            return data
    raise CodeError("damaged")


class Prepared:
    """What decoding needs of a bank, worked out once for a whole class's codes."""

    def __init__(self, bank):
        self.bank = list(bank)
        self.version = bank_version(self.bank)
        self.section_ids = section_ids(self.bank)
        self.by_id = {q["id"]: q for q in self.bank}
        self._exams: dict = {}

    def exam(self, seed: int, sections: list[str], count: int, types: list[str], pool: str = "study") -> list[dict]:
        key = (seed, tuple(sections), count, tuple(types), pool)
        if key not in self._exams:
            self._exams[key] = draw_exam(self.bank, seed, sections, count or None, types, pool)
        return self._exams[key]


def decode(line: str, bank) -> HandIn:
    """The hand-in a pasted line holds, checked against `bank` (a list of compiled questions,
    or Prepared); CodeError says what is wrong."""
    prepared = bank if isinstance(bank, Prepared) else Prepared(bank)
    found = find_code(line)
    if found is None:
        raise CodeError("no_code")
    version, bodies = found
    if version == "1":
        raise CodeError("old_format")
    if version != FORMAT:
        raise CodeError("format", version="SN" + version)
    data = _checked_bytes(bodies)
    read = _Reader(data[:-4])
    made_with = read.take(4).hex()
    ours = prepared.version
    if made_with != ours:
        raise CodeError("other_bank", code=made_with, page=ours)
    lang_byte, pool_byte = read.take(2)
    if lang_byte >= len(LANGS) or pool_byte >= len(POOLS):
        raise CodeError("damaged")
    seed, count, section_mask, type_mask = read.varint(), read.varint(), read.varint(), read.varint()
    attempt, minute = read.varint(), read.varint()
    if attempt < 1:
        raise CodeError("damaged")
    if not 1 <= seed <= SEED_MAX:
        raise CodeError("damaged")
    ids = prepared.section_ids
    if section_mask >> len(ids) or type_mask >> len(TYPES):
        raise CodeError("damaged")
    sections = [s for i, s in enumerate(ids) if section_mask >> i & 1]
    types = [t for i, t in enumerate(TYPES) if type_mask >> i & 1]
    exam = prepared.exam(seed, sections, count, types, POOLS[pool_byte])
    if not exam:
        raise CodeError("damaged")  # no page hands in an exam without questions
    n = read.varint()
    if n != len(exam):
        raise CodeError("answers_count", answers=n, questions=len(exam))
    by_id = prepared.by_id
    responses = []
    for k, e in enumerate(exam, 1):
        try:
            responses.append(response_of(by_id[e["id"]], read.varint()))
        except CodeError as err:
            if err.key != "bad_answer":
                raise
            raise CodeError("bad_answer", n=k) from None
    length = read.varint()
    try:
        name = read.take(length).decode("utf-8")
    except UnicodeDecodeError:
        raise CodeError("damaged") from None
    if read.at != len(read.data):
        raise CodeError("damaged")
    try:
        clean = clean_name(name)
    except CodeError:
        clean = None
    if name and clean != name:  # not what the hand-in form writes: a forged or altered name
        raise CodeError("bad_name")
    return HandIn(LANGS[lang_byte], seed, count, sections, types, responses, name, POOLS[pool_byte], attempt, minute,
                  made_with, exam)


def score(hand_in: HandIn, bank) -> list[bool]:
    by_id = {q["id"]: q for q in bank}
    return [is_correct(by_id[e["id"]], r) if r is not None else False
            for e, r in zip(hand_in.exam, hand_in.responses)]
