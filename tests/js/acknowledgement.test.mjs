// acknowledgement.js under Node: a code made, exported (text, CSV, JSON) and read back; a
// damaged line, a line of another handbook or build, a duplicate and a stray line refused
// with their line numbers. The words are stand-ins; the browser tests use data/labels.yml's.
import assert from "node:assert/strict"
import { test } from "node:test"

import { ackCode, ackCsv, ackJson, ackText, check, collectedCsv, makeAck, parseAcks } from "../../overrides/assets/javascripts/acknowledgement.js"

const W = {
  ack_statement: "I have read the changes in edition {id} ({date}).", col_name: "Name", col_edition: "Edition",
  col_date: "Edition date", col_time: "Acknowledged at", col_fingerprint: "Fingerprint", col_code: "Code", colon: ": ",
  not_ack: "not an acknowledgement", damaged: "damaged", foreign_edition: "edition {id} is foreign",
  foreign_fingerprint: "fingerprint of {id} does not match", no_name: "no name", bad_time: "bad time",
  duplicate: "same as line {other}", ack_changes: "The changes ({count}):", change_line: "· {kind}: {cite}",
  kind_changed: "Changed",
}
const EDITIONS = [{ id: "2026-12", date: "2026-12-06", fingerprint: "a".repeat(64) },
  { id: "2027-01", date: "2027-01-15", fingerprint: "b".repeat(64), changes: [{ key: "clause:p.md#a", kind: "changed", cite: "Ch. 1, §1" }] }]
const ack = makeAck({ name: "Zhang San; 张三", edition: EDITIONS[1], at: new Date(2027, 0, 20, 10, 0, 0) })

test("the check is FNV-1a over UTF-8", () => {
  assert.equal(check(""), "811c9dc5")
  assert.equal(check("a"), "e40c292c")
})

test("a code is read back from each export", () => {
  assert.match(ackCode(ack), /^SN-ACK1;2027-01;b{64};2027-01-20T10:00:00[+-]\d\d:\d\d;[0-9a-f]{8};Zhang San; 张三$/)
  for (const text of [ackText([ack], EDITIONS, W), ackCsv([ack], EDITIONS, W), ackJson([ack]), ackCode(ack)]) {
    const { acks, refused } = parseAcks(text, EDITIONS, W)
    assert.deepEqual(refused, [], text)
    assert.equal(acks.length, 1)
    assert.equal(acks[0].name, "Zhang San; 张三")
    assert.equal(acks[0].edition, "2027-01")
  }
  assert.ok(ackText([ack], EDITIONS, W).startsWith("# I have read the changes in edition 2027-01 (2027-01-15).\n"))
  assert.ok(ackText([ack], EDITIONS, W).includes("\n# The changes (1):\n#   · Changed: Ch. 1, §1\n"))
  assert.deepEqual(JSON.parse(ackJson([ack], EDITIONS)).acknowledgements[0].changes, [{ key: "clause:p.md#a", kind: "changed", cite: "Ch. 1, §1" }])
})

test("damaged, foreign, stray and repeated lines are refused with their line", () => {
  const good = ackCode(ack)
  const damaged = good.replace("Zhang", "Zhong")
  const foreign = ackCode(makeAck({ name: "Li", edition: { id: "2099-01", fingerprint: "c".repeat(64) }, at: new Date(2027, 0, 1) }))
  const otherBuild = ackCode(makeAck({ name: "Li", edition: { id: "2027-01", fingerprint: "d".repeat(64) }, at: new Date(2027, 0, 1) }))
  const text = [good, damaged, "", foreign, otherBuild, "hello", good].join("\n")
  const { acks, refused } = parseAcks(text, EDITIONS, W)
  assert.equal(acks.length, 1)
  assert.deepEqual(refused, [
    { line: 2, reason: "damaged" }, { line: 4, reason: "edition 2099-01 is foreign" },
    { line: 5, reason: "fingerprint of 2027-01 does not match" }, { line: 6, reason: "not an acknowledgement" },
    { line: 7, reason: "same as line 1" }])
})

test("the manager's CSV lists each acknowledgement by edition, then name", () => {
  const first = makeAck({ name: "Wang", edition: EDITIONS[0], at: new Date(2026, 11, 7) })
  const csv = collectedCsv([ack, first], EDITIONS, W).split("\r\n")
  assert.equal(csv[0], "Name,Edition,Edition date,Acknowledged at,Fingerprint,Code")
  assert.ok(csv[1].startsWith("Wang,2026-12,2026-12-06,"))
  assert.ok(csv[2].startsWith("Zhang San; 张三,2027-01,2027-01-15,"))
})

test("a JSON export on one line is read as a whole", () => {
  const { acks, refused } = parseAcks(JSON.stringify(JSON.parse(ackJson([ack]))), EDITIONS, W)
  assert.deepEqual(refused, [])
  assert.equal(acks.length, 1)
})
