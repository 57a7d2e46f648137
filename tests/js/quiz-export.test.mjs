// Moodle XML and GIFT on the trainer page (overrides/assets/javascripts/quiz-export.js), under
// Node: the layout ElementTree gives, the escaping, the fractions. The bytes are compared with
// `python -m handbook quiz-export` in tests/browser/test_class_results.py.
import assert from "node:assert/strict"
import { test } from "node:test"

import { exportQuestions, gift, moodleXml } from "../../overrides/assets/javascripts/quiz-export.js"
import { drawExam } from "../../overrides/assets/javascripts/quiz-draw.js"
import { BANK } from "./fixtures/bank.mjs"

const STUDY = BANK.filter((q) => q.pool === "study").map((q) => ({ ...q, explanation: "Because {so} = <b>", citation: "§1.3" }))
const url = (q) => `https://handbook.example/${q.clause}?a=1&b="2"`

test("the whole bank by id; a drawn exam in the order and with the options the trainee sees", () => {
  const shuffledBank = [...STUDY].reverse()
  assert.deepEqual(exportQuestions(shuffledBank, null).map((q) => q.id), STUDY.map((q) => q.id).sort())
  const exam = drawExam(STUDY, 4242, null, 4, null)
  const out = exportQuestions(STUDY, exam)
  assert.deepEqual(out.map((q) => q.id), exam.map((e) => e.q.id))
  out.forEach((q, k) => {
    const { q: drawn, order } = exam[k]
    if (drawn.options) assert.deepEqual(q.options, order.map((i) => drawn.options[i]))
    else assert.equal(q, drawn) // ordering items stay in the right order: the platform shuffles them
  })
})

test("Moodle XML: a category per section, indented as ElementTree does, escaped twice where HTML is in XML", () => {
  const xml = moodleXml(exportQuestions(STUDY, null), url)
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n  <question type="category">\n'))
  assert.ok(xml.endsWith("  </question>\n</quiz>\n"))
  const categories = [...xml.matchAll(/<text>\$course\$\/三营售后服务基本规范 V4\/(\w+)<\/text>/g)].map((m) => m[1])
  assert.deepEqual(categories, ["office", "telephone", "visit"])
  assert.match(xml, /<question type="truefalse">/)
  assert.match(xml, /<question type="ordering">/)
  // The feedback is HTML (escaped once), in XML (escaped again), the link's attribute quoted.
  assert.ok(xml.includes("Because {so} = &amp;lt;b&amp;gt; &lt;a href=\"https://handbook.example/office.md#a-single?a=1&amp;amp;b=&amp;quot;2&amp;quot;\"&gt;§1.3&lt;/a&gt;"))
  // Multiple choice: each right option its share, each wrong one the penalty for their number.
  const multiple = xml.slice(xml.indexOf("<text>b-multiple</text>"))
  const fractions = [...multiple.slice(0, multiple.indexOf("</question>")).matchAll(/fraction="([^"]+)"/g)].map((m) => m[1])
  assert.deepEqual(fractions, ["50", "-50", "50", "-50"])
  // An answer's empty feedback: no format, an empty text element written short.
  assert.ok(xml.includes('<answer fraction="100" format="html">\n      <text>B</text>\n      <feedback>\n        <text />\n      </feedback>\n    </answer>'))
})

test("GIFT: its special characters escaped, the clause after the explanation", () => {
  const text = gift(exportQuestions(STUDY, null), url)
  const blocks = text.split("\n\n")
  assert.equal(blocks[0], "$CATEGORY: $course$/三营售后服务基本规范 V4/office")
  assert.ok(text.endsWith("}\n"))
  const tf = blocks.find((b) => b.startsWith("// c-true"))
  assert.equal(tf, '// c-true\n::c-true::True? {T####Because \\{so\\} \\= <b> §1.3\\: https\\://handbook.example/telephone.md\\#c-true?a\\=1&b\\="2"}')
  const ordering = blocks.find((b) => b.startsWith("// d-ordering"))
  assert.ok(ordering.includes("{\n=one -> 1\n=two -> 2\n=three -> 3\n=four -> 4\n####"))
  const multiple = blocks.find((b) => b.startsWith("// b-multiple"))
  assert.ok(multiple.includes("{\n~%50%A\n~%-50%B\n~%50%C\n~%-50%D\n####"))
  const single = blocks.find((b) => b.startsWith("// a-single"))
  assert.ok(single.includes("{\n~A\n=B\n~C\n####"))
})
