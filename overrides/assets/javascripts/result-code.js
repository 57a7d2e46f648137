// Result codes, byte for byte as handbook/result_codes.py writes and reads them (the format
// is described there): `SN2-` and Crockford base32 of the bank version, the exam link's
// parameters, the attempt and the hand-in time, the answers, the name and a CRC-32.
// tests/data/result_code_cases.json holds the two to each other. No answer key is needed
// or held here. Not tamper-proof: a static site has no secret.
import { drawExam, POOLS, TYPES } from "./quiz-draw.js"

/** What every code of this format starts with. */
export const PREFIX = "SN2-"
/** The longest name a code holds, in characters (code points). */
export const NAME_MAX = 60
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
const LANGS = ["zh", "en"]
// Spaces and line breaks inside a code, and dash look-alikes after "SN2", are read past.
const CODE = /SN\s*(\d+)\s*-\s*([0-9A-TV-Z](?:\s*[0-9A-TV-Z])*)/
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g
// In a name (result_codes._SPACE, _DROP): white space, made one space; control characters,
// the byte-order mark and bidirectional formatting characters, dropped.
const SPACE = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g
const DROP = /[\u0000-\u001f\u007f-\u009f\ufeff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/**
 * An error with the key of its message in data/labels.yml (quiz.code.*) and the values for it.
 * A plain class, not an Error: callers read its key and values, never a stack.
 */
export class CodeError {
  /**
   * @param {string} key
   * @param {Object<string, *>} [values]
   */
  constructor(key, values) {
    this.key = key
    this.values = values || {}
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes) {
  let c = 0xFFFFFFFF
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xFF] ^ (c >>> 8)
  return (c ^ 0xFFFFFFFF) >>> 0
}

/**
 * The bank's section ids, sorted: the order of the section mask's bits.
 * @param {Array<{section: string}>} bank
 * @returns {string[]}
 */
export const sectionIds = (bank) => [...new Set(bank.map((q) => q.section))].sort()

// --- answers as numbers (0: no answer) ----------------------------------------------------
function factorial(n) {
  let out = 1
  for (let k = 2; k <= n; k++) out *= k
  return out
}

/**
 * A response as the number the code stores: 0 for none; true/false 1/2; an ordering its
 * permutation's rank + 1; chosen options a bit mask.
 * @param {{type: string}} q
 * @param {boolean|number[]|null|undefined} response
 * @returns {number}
 */
export function answerNumber(q, response) {
  if (response === null || response === undefined) return 0
  if (q.type === "true_false") return response === true ? 1 : 2
  if (q.type === "ordering") {
    const rest = response.slice().sort((a, b) => a - b)
    let rank = 0
    response.forEach((x, k) => {
      const i = rest.indexOf(x)
      rank += i * factorial(response.length - 1 - k)
      rest.splice(i, 1)
    })
    return 1 + rank
  }
  let mask = 0
  for (const i of response) mask += 2 ** i
  return mask
}

/**
 * The response a stored number stands for (answerNumber's inverse); throws CodeError
 * ("bad_answer") for a number the question cannot have.
 * @param {{type: string, items?: Array, options?: Array}} q
 * @param {number} number
 * @returns {boolean|number[]|null}
 */
export function responseOf(q, number) {
  if (number === 0) return null
  if (q.type === "true_false") {
    if (number !== 1 && number !== 2) throw new CodeError("bad_answer")
    return number === 1
  }
  if (q.type === "ordering") {
    const n = q.items.length
    if (number - 1 >= factorial(n)) throw new CodeError("bad_answer")
    let rank = number - 1
    const rest = [...Array(n).keys()]
    const out = []
    for (let k = n - 1; k >= 0; k--) {
      const f = factorial(k)
      out.push(rest.splice(Math.floor(rank / f), 1)[0])
      rank = rank % f
    }
    return out
  }
  if (number >= 2 ** q.options.length) throw new CodeError("bad_answer")
  const chosen = []
  for (let b = 0; b < q.options.length; b++) if (Math.floor(number / 2 ** b) % 2) chosen.push(b)
  if (q.type !== "multiple" && chosen.length !== 1) throw new CodeError("bad_answer")
  return chosen
}

// --- bytes -----------------------------------------------------------------------------------
function varint(out, n) {
  while (true) {
    const byte = n % 128
    n = Math.floor(n / 128)
    if (n) out.push(byte | 0x80)
    else { out.push(byte); return }
  }
}

// The body's bytes read in order; reading past the end is damage.
class Reader {
  constructor(bytes) {
    this.bytes = bytes
    this.at = 0
  }

  take(n) {
    if (this.at + n > this.bytes.length) throw new CodeError("damaged")
    const out = this.bytes.slice(this.at, this.at + n)
    this.at += n
    return out
  }

  varint() {
    let value = 0
    let scale = 1
    while (true) {
      const byte = this.take(1)[0]
      value += (byte & 0x7F) * scale
      if (!(byte & 0x80)) return value
      scale *= 128
      if (scale > 128 ** 5) throw new CodeError("damaged")
    }
  }
}

function base32(bytes) {
  let bits = 0
  let value = 0
  let out = ""
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xFFFF
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
  let bits = 0
  let value = 0
  const out = []
  for (const ch of text) {
    const digit = ch === "I" || ch === "L" ? 1 : ch === "O" ? 0 : ALPHABET.indexOf(ch)
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

const hex = (bytes) => bytes.map((b) => b.toString(16).padStart(2, "0")).join("")

// --- writing and reading codes -----------------------------------------------------------------
/**
 * The name as the hand-in form keeps it (result_codes.clean_name); throws CodeError.
 * @param {string} name
 * @returns {string}
 */
export function cleanName(name) {
  const clean = name.replace(SPACE, " ").replace(DROP, "").split(" ").filter(Boolean).join(" ")
  if (!clean) throw new CodeError("name_missing")
  if (Array.from(clean).length > NAME_MAX) throw new CodeError("name_long", { max: NAME_MAX })
  return clean
}

// The bit mask of the members of `all` that `chosen` holds (bit i: all[i]).
function maskOf(all, chosen) {
  let mask = 0
  all.forEach((x, i) => { if (chosen.includes(x)) mask += 2 ** i })
  return mask
}

// The members of `all` whose bits `mask` sets (maskOf's inverse).
const membersOf = (all, mask) => all.filter((_, i) => Math.floor(mask / 2 ** i) % 2)

/**
 * The code for a hand-in. sections / types: the link's lists, or null for all; attempt: this
 * browser's count of hand-ins of the exam; minute: minutes since 1970 UTC.
 * @returns {string} `SN2-…`
 */
export function encode(bank, version, lang, seed, count, sections, types, responses, name,
                       pool = "study", attempt = 1, minute = 0) {
  const ids = sectionIds(bank)
  const inSections = sections === null ? ids : sections
  const inTypes = types === null ? TYPES : types
  const out = []
  for (let i = 0; i < 8; i += 2) out.push(parseInt(version.slice(i, i + 2), 16))
  out.push(LANGS.indexOf(lang))
  out.push(POOLS.indexOf(pool))
  varint(out, seed)
  varint(out, count || 0)
  varint(out, maskOf(ids, inSections))
  varint(out, maskOf(TYPES, inTypes))
  varint(out, attempt)
  varint(out, minute)
  const exam = drawExam(bank, seed, inSections, count || 0, inTypes, pool)
  varint(out, exam.length)
  exam.forEach((item, k) => varint(out, answerNumber(item.q, responses[k])))
  const raw = new TextEncoder().encode(cleanName(name))
  varint(out, raw.length)
  out.push(...raw)
  const crc = crc32(out)
  out.push(crc >>> 24, (crc >>> 16) & 0xFF, (crc >>> 8) & 0xFF, crc & 0xFF)
  return PREFIX + base32(out)
}

// A class's codes share one exam: draw it once per bank and parameters (a paste of
// 10,000 lines stays quick).
const drawn = new WeakMap()
function examFor(bank, seed, sections, count, types, pool) {
  if (!drawn.has(bank)) drawn.set(bank, {})
  const cache = drawn.get(bank)
  const key = JSON.stringify([seed, sections, count, types, pool])
  if (!cache[key]) cache[key] = drawExam(bank, seed, sections, count, types, pool)
  return cache[key]
}

// The bytes of the first candidate body whose checksum holds (result_codes._checked_bytes):
// the body with its inner spaces removed, then without its last space-separated group …
function checkedBytes(found) {
  const groups = found.split(/\s+/)
  for (let k = groups.length; k > 0; k--) {
    let data
    try { data = unbase32(groups.slice(0, k).join("")) } catch { continue }
    if (data.length < 9) continue
    const body = data.slice(0, -4)
    const tail = data.slice(-4)
    if (crc32(body) === ((tail[0] << 24) | (tail[1] << 16) | (tail[2] << 8) | tail[3]) >>> 0) return body
  }
  throw new CodeError("damaged")
}

/**
 * The hand-in a pasted line holds, checked against the bank; throws CodeError.
 * @returns {{lang: string, pool: string, seed: number, count: number, sections: string[],
 *   types: string[], attempt: number, minute: number, numbers: number[], name: string,
 *   bank: string, exam: Array<{q: Object, order: number[]}>}}
 */
export function decode(line, bank, version) {
  const found = CODE.exec(line.toUpperCase().replace(DASHES, "-"))
  if (!found) throw new CodeError("no_code")
  if (found[1] === "1") throw new CodeError("old_format")
  if (found[1] !== "2") throw new CodeError("format", { version: "SN" + found[1] })
  const body = checkedBytes(found[2])
  const read = new Reader(body)
  const madeWith = hex(read.take(4))
  if (madeWith !== version) throw new CodeError("other_bank", { code: madeWith, page: version })
  const [langByte, poolByte] = read.take(2)
  if (langByte >= LANGS.length || poolByte >= POOLS.length) throw new CodeError("damaged")
  const seed = read.varint()
  const count = read.varint()
  const sectionMask = read.varint()
  const typeMask = read.varint()
  const attempt = read.varint()
  const minute = read.varint()
  if (attempt < 1) throw new CodeError("damaged")
  if (seed < 1 || seed > 2147483647) throw new CodeError("damaged")
  const ids = sectionIds(bank)
  if (sectionMask >= 2 ** ids.length || typeMask >= 2 ** TYPES.length) throw new CodeError("damaged")
  const sections = membersOf(ids, sectionMask)
  const types = membersOf(TYPES, typeMask)
  const exam = examFor(bank, seed, sections, count, types, POOLS[poolByte])
  if (!exam.length) throw new CodeError("damaged")
  const n = read.varint()
  if (n !== exam.length) throw new CodeError("answers_count", { answers: n, questions: exam.length })
  const numbers = exam.map((item, k) => {
    const number = read.varint()
    try { responseOf(item.q, number) } catch { throw new CodeError("bad_answer", { n: k + 1 }) }
    return number
  })
  const length = read.varint()
  let name
  try { name = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(new Uint8Array(read.take(length))) } catch (err) {
    if (err instanceof CodeError) throw err
    throw new CodeError("damaged")
  }
  if (read.at !== body.length) throw new CodeError("damaged")
  let clean = null
  try { clean = cleanName(name) } catch { clean = null }
  if (name && clean !== name) throw new CodeError("bad_name")  // not what the hand-in form writes
  return { lang: LANGS[langByte], pool: POOLS[poolByte], seed, count, sections, types,
           attempt, minute, numbers, name, bank: madeWith, exam }
}
