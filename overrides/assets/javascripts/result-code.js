// Result codes, byte for byte as handbook/result_codes.py writes and reads them (the format
// is described there): `SN2-` and Crockford base32 of the bank version, the exam link's
// parameters, the attempt and the hand-in time, the answers, the name and a CRC-32.
// tests/data/result_code_cases.json holds the two to each other. No answer key is needed
// or held here. Not tamper-proof: a static site has no secret.
import { drawExam, POOLS, TYPES } from "./quiz-draw.js"

export const PREFIX = "SN2-"
export const NAME_MAX = 60
var ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
var LANGS = ["zh", "en"]
// Spaces and line breaks inside a code, and dash look-alikes after "SN2", are read past.
var CODE = /SN\s*(\d+)\s*-\s*([0-9A-TV-Z](?:\s*[0-9A-TV-Z])*)/
var DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g
// In a name (result_codes._SPACE, _DROP): white space, made one space; control characters,
// the byte-order mark and bidirectional formatting characters, dropped.
var SPACE = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g
var DROP = /[\u0000-\u001f\u007f-\u009f\ufeff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

// An error with the key of its message in data/labels.yml (quiz.code.*) and the values for it.
export function CodeError(key, values) {
  this.key = key
  this.values = values || {}
}

var CRC_TABLE = (function () {
  var table = []
  for (var n = 0; n < 256; n++) {
    var c = n
    for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1
    table.push(c >>> 0)
  }
  return table
})()

function crc32(bytes) {
  var c = 0xFFFFFFFF
  for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8)
  return (c ^ 0xFFFFFFFF) >>> 0
}

export function sectionIds(bank) {
  var seen = {}
  bank.forEach(function (q) { seen[q.section] = true })
  return Object.keys(seen).sort()
}

// --- answers as numbers (0: no answer) ----------------------------------------------------
function factorial(n) {
  var out = 1
  for (var k = 2; k <= n; k++) out *= k
  return out
}

export function answerNumber(q, response) {
  if (response === null || response === undefined) return 0
  if (q.type === "true_false") return response === true ? 1 : 2
  if (q.type === "ordering") {
    var rest = response.slice().sort(function (a, b) { return a - b })
    var rank = 0
    response.forEach(function (x, k) {
      var i = rest.indexOf(x)
      rank += i * factorial(response.length - 1 - k)
      rest.splice(i, 1)
    })
    return 1 + rank
  }
  var mask = 0
  response.forEach(function (i) { mask += Math.pow(2, i) })
  return mask
}

export function responseOf(q, number) {
  if (number === 0) return null
  if (q.type === "true_false") {
    if (number !== 1 && number !== 2) throw new CodeError("bad_answer")
    return number === 1
  }
  if (q.type === "ordering") {
    var n = q.items.length
    if (number - 1 >= factorial(n)) throw new CodeError("bad_answer")
    var rank = number - 1, rest = [], out = []
    for (var i = 0; i < n; i++) rest.push(i)
    for (var k = n - 1; k >= 0; k--) {
      var f = factorial(k)
      out.push(rest.splice(Math.floor(rank / f), 1)[0])
      rank = rank % f
    }
    return out
  }
  if (number >= Math.pow(2, q.options.length)) throw new CodeError("bad_answer")
  var chosen = []
  for (var b = 0; b < q.options.length; b++) if (Math.floor(number / Math.pow(2, b)) % 2) chosen.push(b)
  if (q.type !== "multiple" && chosen.length !== 1) throw new CodeError("bad_answer")
  return chosen
}

// --- bytes -----------------------------------------------------------------------------------
function varint(out, n) {
  while (true) {
    var byte = n % 128
    n = Math.floor(n / 128)
    if (n) out.push(byte | 0x80)
    else { out.push(byte); return }
  }
}

function Reader(bytes) {
  this.bytes = bytes
  this.at = 0
}
Reader.prototype.take = function (n) {
  if (this.at + n > this.bytes.length) throw new CodeError("damaged")
  var out = this.bytes.slice(this.at, this.at + n)
  this.at += n
  return out
}
Reader.prototype.varint = function () {
  var value = 0, scale = 1
  while (true) {
    var byte = this.take(1)[0]
    value += (byte & 0x7F) * scale
    if (!(byte & 0x80)) return value
    scale *= 128
    if (scale > Math.pow(128, 5)) throw new CodeError("damaged")
  }
}

function base32(bytes) {
  var bits = 0, value = 0, out = ""
  for (var i = 0; i < bytes.length; i++) {
    value = ((value << 8) | bytes[i]) & 0xFFFF
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += ALPHABET[(value >> bits) & 31]
    }
  }
  if (bits) out += ALPHABET[(value << (5 - bits)) & 31]
  return out
}

function unbase32(text) {
  var bits = 0, value = 0, out = []
  for (var i = 0; i < text.length; i++) {
    var ch = text[i]
    var digit = ch === "I" || ch === "L" ? 1 : ch === "O" ? 0 : ALPHABET.indexOf(ch)
    value = ((value << 5) | digit) & 0xFFFF
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out.push((value >> bits) & 0xFF)
    }
  }
  // What base32() writes, and nothing else: an extra or altered last character is damage.
  if (bits >= 5 || value & ((1 << bits) - 1)) throw new CodeError("damaged")
  return out
}

function hex(bytes) {
  return bytes.map(function (b) { return (b < 16 ? "0" : "") + b.toString(16) }).join("")
}

// --- writing and reading codes -----------------------------------------------------------------
/** The name as the hand-in form keeps it (result_codes.clean_name); throws CodeError. */
export function cleanName(name) {
  name = name.replace(SPACE, " ").replace(DROP, "").split(" ").filter(Boolean).join(" ")
  if (!name) throw new CodeError("name_missing")
  if (Array.from(name).length > NAME_MAX) throw new CodeError("name_long", { max: NAME_MAX })
  return name
}

/**
 * The code for a hand-in. sections / types: the link's lists, or null for all; attempt: this
 * browser's count of hand-ins of the exam; minute: minutes since 1970 UTC.
 */
export function encode(bank, version, lang, seed, count, sections, types, responses, name,
                       pool = "study", attempt = 1, minute = 0) {
  var ids = sectionIds(bank)
  sections = sections === null ? ids : sections
  types = types === null ? TYPES : types
  var out = []
  for (var i = 0; i < 8; i += 2) out.push(parseInt(version.slice(i, i + 2), 16))
  out.push(LANGS.indexOf(lang))
  out.push(POOLS.indexOf(pool))
  varint(out, seed)
  varint(out, count || 0)
  var sectionMask = 0, typeMask = 0
  ids.forEach(function (s, i) { if (sections.indexOf(s) >= 0) sectionMask += Math.pow(2, i) })
  TYPES.forEach(function (t, i) { if (types.indexOf(t) >= 0) typeMask += Math.pow(2, i) })
  varint(out, sectionMask)
  varint(out, typeMask)
  varint(out, attempt)
  varint(out, minute)
  var exam = drawExam(bank, seed, sections, count || 0, types, pool)
  varint(out, exam.length)
  exam.forEach(function (item, k) { varint(out, answerNumber(item.q, responses[k])) })
  var raw = Array.from(new TextEncoder().encode(cleanName(name)))
  varint(out, raw.length)
  out = out.concat(raw)
  var crc = crc32(out)
  out.push(crc >>> 24, (crc >>> 16) & 0xFF, (crc >>> 8) & 0xFF, crc & 0xFF)
  return PREFIX + base32(out)
}

// A class's codes share one exam: draw it once per bank and parameters (a paste of
// 10,000 lines stays quick).
var drawn = new WeakMap()
function examFor(bank, seed, sections, count, types, pool) {
  if (!drawn.has(bank)) drawn.set(bank, {})
  var cache = drawn.get(bank)
  var key = JSON.stringify([seed, sections, count, types, pool])
  if (!cache[key]) cache[key] = drawExam(bank, seed, sections, count, types, pool)
  return cache[key]
}

// The bytes of the first candidate body whose checksum holds (result_codes._checked_bytes):
// the body with its inner spaces removed, then without its last space-separated group …
function checkedBytes(found) {
  var groups = found.split(/\s+/)
  for (var k = groups.length; k > 0; k--) {
    var data
    try { data = unbase32(groups.slice(0, k).join("")) } catch (err) { continue }
    if (data.length < 9) continue
    var body = data.slice(0, -4), tail = data.slice(-4)
    if (crc32(body) === ((tail[0] << 24) | (tail[1] << 16) | (tail[2] << 8) | tail[3]) >>> 0) return body
  }
  throw new CodeError("damaged")
}

/** The hand-in a pasted line holds, checked against the bank; throws CodeError. */
export function decode(line, bank, version) {
  var found = CODE.exec(line.toUpperCase().replace(DASHES, "-"))
  if (!found) throw new CodeError("no_code")
  if (found[1] === "1") throw new CodeError("old_format")
  if (found[1] !== "2") throw new CodeError("format", { version: "SN" + found[1] })
  var body = checkedBytes(found[2])
  var read = new Reader(body)
  var madeWith = hex(read.take(4))
  if (madeWith !== version) throw new CodeError("other_bank", { code: madeWith, page: version })
  var head = read.take(2), langByte = head[0], poolByte = head[1]
  if (langByte >= LANGS.length || poolByte >= POOLS.length) throw new CodeError("damaged")
  var seed = read.varint(), count = read.varint(), sectionMask = read.varint(), typeMask = read.varint()
  var attempt = read.varint(), minute = read.varint()
  if (attempt < 1) throw new CodeError("damaged")
  if (seed < 1 || seed > 2147483647) throw new CodeError("damaged")
  var ids = sectionIds(bank)
  if (sectionMask >= Math.pow(2, ids.length) || typeMask >= Math.pow(2, TYPES.length)) throw new CodeError("damaged")
  var sections = ids.filter(function (_, i) { return Math.floor(sectionMask / Math.pow(2, i)) % 2 })
  var types = TYPES.filter(function (_, i) { return Math.floor(typeMask / Math.pow(2, i)) % 2 })
  var exam = examFor(bank, seed, sections, count, types, POOLS[poolByte])
  if (!exam.length) throw new CodeError("damaged")
  var n = read.varint()
  if (n !== exam.length) throw new CodeError("answers_count", { answers: n, questions: exam.length })
  var numbers = exam.map(function (item, k) {
    var number = read.varint()
    try { responseOf(item.q, number) } catch (err) { throw new CodeError("bad_answer", { n: k + 1 }) }
    return number
  })
  var length = read.varint()
  var name
  try { name = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(new Uint8Array(read.take(length))) } catch (err) {
    if (err instanceof CodeError) throw err
    throw new CodeError("damaged")
  }
  if (read.at !== body.length) throw new CodeError("damaged")
  var clean = null
  try { clean = cleanName(name) } catch (err) { clean = null }
  if (name && clean !== name) throw new CodeError("bad_name")  // not what the hand-in form writes
  return { lang: LANGS[langByte], pool: POOLS[poolByte], seed: seed, count: count, sections: sections, types: types,
           attempt: attempt, minute: minute, numbers: numbers, name: name, bank: madeWith, exam: exam }
}
