// Result codes (overrides/assets/javascripts/result-code.js), under Node: written and read back,
// every damage refused, names cleaned as tests/twins/cases.json says (the cases the Python twin,
// handbook/result_codes.py, is held to). tests/twins/ compares the two codes byte for byte.
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { test } from "node:test"

import { drawExam } from "../../overrides/assets/javascripts/quiz-draw.js"
import {
  answerNumber, cleanName, CodeError, decode, encode, PREFIX, responseOf, sectionIds,
} from "../../overrides/assets/javascripts/result-code.js"
import { BANK, right, VERSION, wrong } from "./fixtures/bank.mjs"

const CASES = JSON.parse(readFileSync(new URL("../twins/cases.json", import.meta.url), "utf-8"))
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const refusal = (fn) => {
  try {
    fn()
  } catch (err) {
    assert.ok(err instanceof CodeError, String(err))
    return err
  }
  assert.fail("not refused")
}

const mixed = (seed, count, sections = null, types = null, pool = "study") =>
  drawExam(BANK, seed, sections, count, types, pool).map(({ q }, k) => [right(q), wrong(q), null][k % 3])

test("names are cleaned as the cases say, or refused with their reason", () => {
  for (const c of CASES.names) {
    if ("out" in c) assert.equal(cleanName(c.in), c.out, JSON.stringify(c.in))
    else assert.equal(refusal(() => cleanName(c.in)).key, c.error, JSON.stringify(c.in))
  }
  assert.deepEqual(refusal(() => cleanName("x".repeat(61))).values, { max: 60 })
})

test("a code reads back as written, whatever the case, dashes and spaces", () => {
  const responses = mixed(4242, 6)
  const code = encode(BANK, VERSION, "en", 4242, 6, null, null, responses, "  王 小明\t<b>&  ", "study", 2, 29416320)
  assert.ok(code.startsWith(PREFIX) && [...code.slice(4)].every((ch) => ALPHABET.includes(ch)))
  const body = code.slice(4)
  for (const line of [code, code.toLowerCase(), `张三 交卷：${code} 谢谢`, `http://x/quiz/#result=${code}`,
                      `SN2\u2013${body}`, `SN2- ${body.replace(/(.{5})/g, "$1 ")}`,
                      `SN2-${body.replace(/0/g, "O").replace(/1/g, "l")}`]) {
    const h = decode(line, BANK, VERSION)
    assert.deepEqual([h.lang, h.pool, h.seed, h.count, h.attempt, h.minute, h.name, h.bank],
                     ["en", "study", 4242, 6, 2, 29416320, "王 小明 <b>&", VERSION], line)
    assert.deepEqual(h.exam.map((e, k) => responseOf(e.q, h.numbers[k])), responses)
    assert.deepEqual(h.sections, sectionIds(BANK))
  }
})

test("sections, types and the pool are kept", () => {
  const sections = ["visit", "office"]
  const types = ["single", "true_false"]
  const code = encode(BANK, VERSION, "zh", 9, 0, sections, types, mixed(9, 0, sections, types), "A")
  const h = decode(code, BANK, VERSION)
  assert.deepEqual([h.sections, h.types, h.count, h.pool], [["office", "visit"], ["single", "true_false"], 0, "study"])
  const exam = encode(BANK, VERSION, "zh", 9, 1, null, null, [[0]], "B", "exam")
  assert.equal(decode(exam, BANK, VERSION).pool, "exam")
})

test("every ordering is its own number, and every number of a question reads back", () => {
  const ordering = BANK.find((q) => q.type === "ordering")
  const perms = (xs) => (xs.length ? xs.flatMap((x) => perms(xs.filter((y) => y !== x)).map((p) => [x, ...p])) : [[]])
  const numbers = perms([0, 1, 2, 3]).map((perm) => {
    const n = answerNumber(ordering, perm)
    assert.deepEqual(responseOf(ordering, n), perm)
    return n
  })
  assert.deepEqual([...numbers].sort((a, b) => a - b), [...Array(24).keys()].map((k) => k + 1))
  assert.equal(answerNumber(ordering, null), 0)
  assert.equal(responseOf(ordering, 0), null)
  assert.equal(refusal(() => responseOf(ordering, 25)).key, "bad_answer")
  const multiple = BANK.find((q) => q.type === "multiple")
  assert.deepEqual(responseOf(multiple, answerNumber(multiple, [0, 2])), [0, 2])
  const single = BANK.find((q) => q.type === "single")
  assert.equal(refusal(() => responseOf(single, answerNumber(single, [0, 1]))).key, "bad_answer")
  const tf = BANK.find((q) => q.type === "true_false")
  assert.deepEqual([answerNumber(tf, true), answerNumber(tf, false), responseOf(tf, 2)], [1, 2, false])
  assert.equal(refusal(() => responseOf(tf, 3)).key, "bad_answer")
})

test("every mistyped character, every cut and an extra character is refused", () => {
  const code = encode(BANK, VERSION, "zh", 77, 5, null, null, mixed(77, 5), "李四")
  const body = code.slice(4)
  for (let i = 0; i < body.length; i++) {
    for (const step of [1, 17]) {
      const other = ALPHABET[(ALPHABET.indexOf(body[i]) + step) % 32]
      assert.equal(refusal(() => decode(`SN2-${body.slice(0, i)}${other}${body.slice(i + 1)}`, BANK, VERSION)).key,
                   "damaged", `${i} ${other}`)
    }
  }
  for (let cut = 1; cut < body.length; cut++) {
    assert.equal(refusal(() => decode(`SN2-${body.slice(0, cut)}`, BANK, VERSION)).key, "damaged", String(cut))
  }
  for (const extra of ALPHABET) refusal(() => decode(code + extra, BANK, VERSION))
})

test("lines without a readable code, and codes of another format or bank, say why", () => {
  for (const { line, error } of CASES.hostile_lines) {
    assert.equal(refusal(() => decode(line, BANK, VERSION)).key, error, line)
  }
  for (const [line, key] of [["", "no_code"], ["hello", "no_code"], ["SN3-ABCDEF", "format"],
                             ["SN1-ABCDEF", "old_format"], ["<script>SN2-", "no_code"]]) {
    assert.equal(refusal(() => decode(line, BANK, VERSION)).key, key, line)
  }
  const code = encode(BANK, VERSION, "zh", 5, 2, null, null, [null, null], "Z")
  assert.deepEqual(refusal(() => decode(code, BANK, "89abcdef")), new CodeError("other_bank", { code: VERSION, page: "89abcdef" }))
  assert.deepEqual(refusal(() => encode(BANK, VERSION, "zh", 5, 2, null, null, [null, null], " \u202e ")).key, "name_missing")
})
