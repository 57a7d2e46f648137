// An acknowledgement: "I have read the changes in edition …", with the reader's name, the
// time, the edition and the SHA-256 fingerprint of its change list (computed by the build:
// handbook/editions.py). One line carries it all, the acknowledgement code:
//   SN-ACK1;<edition>;<fingerprint>;<time, local ISO 8601 with offset>;<check>;<name>
// <check> is FNV-1a (32 bit, hex) of the line's other fields: it catches a line copied wrong
// or cut short, not a forgery (a static site cannot prove who acknowledged). The name comes
// last, so it may hold any character but a line break.
// Pure: no DOM, nothing runs on import (tests/js/acknowledgement.test.mjs runs it under Node).
import { fill } from "./dom.js"

const PREFIX = "SN-ACK1"
const FORMAT = "service-norms-ack"
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2}|Z)$/

/** FNV-1a over the UTF-8 bytes, as 8 hex digits. @param {string} text @returns {string} */
export function check(text) {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, "0")
}

const fields = (a) => [a.edition, a.fingerprint, a.at, a.name].join(";")

/** A time as local ISO 8601 with the offset (2027-01-20T10:00:00+08:00). @param {Date} date */
export function localIso(date) {
  const pad = (n) => String(Math.abs(n)).padStart(2, "0")
  const offset = -date.getTimezoneOffset()
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:`
    + `${pad(date.getMinutes())}:${pad(date.getSeconds())}${offset < 0 ? "-" : "+"}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
}

/**
 * A new acknowledgement.
 * @param {{name: string, edition: {id: string, fingerprint: string}, at: Date}} what
 * @returns {{name: string, edition: string, fingerprint: string, at: string, check: string}}
 */
export function makeAck({ name, edition, at }) {
  const ack = { name: name.trim().replace(/[\r\n]+/g, " "), edition: edition.id, fingerprint: edition.fingerprint, at: localIso(at) }
  return { ...ack, check: check(fields(ack)) }
}

/** The acknowledgement code (one line). */
export const ackCode = (a) => [PREFIX, a.edition, a.fingerprint, a.at, a.check, a.name].join(";")

const csvCell = (v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** The text export: the statement and fields as notes (#), then the code. */
export function ackText(acks, editions, w) {
  const byId = new Map(editions.map((e) => [e.id, e]))
  return acks.map((a) => {
    const e = byId.get(a.edition)
    // The changes acknowledged, cited as the handbook numbers them (notes: the code is what counts).
    const changes = e?.changes?.length
      ? [`# ${fill(w.ack_changes, { count: e.changes.length })}`,
          ...e.changes.map((c) => `#   ${fill(w.change_line, { kind: w["kind_" + c.kind] || c.kind, cite: c.cite })}`)]
      : []
    return [`# ${fill(w.ack_statement, { id: a.edition, date: e ? e.date : "" })}`,
      `# ${w.col_name}${w.colon}${a.name}`, `# ${w.col_time}${w.colon}${a.at}`,
      `# ${w.col_fingerprint}${w.colon}${a.fingerprint}`, ...changes, ackCode(a)].join("\n")
  }).join("\n\n") + "\n"
}

/** The CSV export (headings in the page's language; the last column is the code). */
export function ackCsv(acks, editions, w) {
  const byId = new Map(editions.map((e) => [e.id, e]))
  const rows = [[w.col_name, w.col_edition, w.col_date, w.col_time, w.col_fingerprint, w.col_code]]
  for (const a of acks) rows.push([a.name, a.edition, byId.get(a.edition)?.date ?? "", a.at, a.fingerprint, ackCode(a)])
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n"
}

/** The JSON export (with each edition's changes, cited, for the reader; the code is what counts). */
export function ackJson(acks, editions = []) {
  const byId = new Map(editions.map((e) => [e.id, e]))
  const changes = (a) => (byId.get(a.edition)?.changes ?? []).map((c) => ({ key: c.key, kind: c.kind, cite: c.cite }))
  return JSON.stringify({ format: FORMAT, version: 1, acknowledgements: acks.map((a) => ({ ...a, code: ackCode(a), changes: changes(a) })) }, null, 2) + "\n"
}

// One CSV line's cells (quoted cells may hold commas and doubled quotes).
function csvCells(line) {
  const cells = []
  let cell = ""
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i++ } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ",") { cells.push(cell); cell = "" } else cell += c
  }
  cells.push(cell)
  return cells
}

function fromCode(code) {
  const parts = code.split(";")
  if (parts.length < 6 || parts[0] !== PREFIX) return null
  const [, edition, fingerprint, at, sum, ...name] = parts
  return { edition, fingerprint, at, check: sum, name: name.join(";") }
}

/**
 * Acknowledgements from pasted or imported text: codes, text exports, CSV exports (one a
 * line) or a JSON export. Each is checked against this build's editions.
 * @returns {{acks: Array<Object & {line: number}>, refused: Array<{line: number, reason: string}>}}
 */
export function parseAcks(text, editions, w) {
  const byId = new Map(editions.map((e) => [e.id, e]))
  const candidates = []
  const refused = []
  const trimmed = text.trim()
  if (trimmed.startsWith("{")) {
    // A whole JSON export: each acknowledgement counts as the line its code is on.
    let data = null
    try { data = JSON.parse(trimmed) } catch (err) { /* refused below, line by line */ }
    if (data && data.format === FORMAT && Array.isArray(data.acknowledgements)) {
      const lines = text.split(/\r?\n/)
      data.acknowledgements.forEach((a, i) => {
        const at = lines.findIndex((l) => typeof a?.code === "string" && l.includes(JSON.stringify(a.code).slice(1, -1)))
        candidates.push({ line: at >= 0 ? at + 1 : i + 1, ack: a && typeof a === "object" ? a : null })
      })
      return check_all(candidates, refused, byId, w)
    }
  }
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    if (!line || line.startsWith("#")) return
    let ack = null
    if (line.startsWith(PREFIX + ";")) ack = fromCode(line)
    else if (line.startsWith("{")) {
      try {
        const a = JSON.parse(line)
        ack = typeof a?.code === "string" ? fromCode(a.code) : a
      } catch (err) { ack = null }
    } else {
      const cells = csvCells(line)
      if (cells[0] === w.col_name || cells[cells.length - 1] === w.col_code) return // the header
      const last = cells[cells.length - 1]
      if (cells.length === 6 && last.startsWith(PREFIX + ";")) ack = fromCode(last)
    }
    candidates.push({ line: i + 1, ack })
  })
  return check_all(candidates, refused, byId, w)
}

function check_all(candidates, refused, byId, w) {
  const acks = []
  const seen = new Map()
  for (const { line, ack } of candidates) {
    const reason = problem(ack, byId, w)
    if (reason) {
      refused.push({ line, reason })
      continue
    }
    const who = `${ack.name}\u0000${ack.edition}`
    if (seen.has(who)) {
      refused.push({ line, reason: fill(w.duplicate, { other: seen.get(who) }) })
      continue
    }
    seen.set(who, line)
    acks.push({ name: ack.name, edition: ack.edition, fingerprint: ack.fingerprint, at: ack.at, check: ack.check, line })
  }
  return { acks, refused }
}

function problem(ack, byId, w) {
  if (!ack || typeof ack !== "object" || ["edition", "fingerprint", "at", "check", "name"].some((k) => typeof ack[k] !== "string")) return w.not_ack
  if (check(fields(ack)) !== ack.check) return w.damaged
  if (!ack.name.trim()) return w.no_name
  if (!TIME.test(ack.at) || Number.isNaN(Date.parse(ack.at))) return w.bad_time
  const edition = byId.get(ack.edition)
  if (!edition) return fill(w.foreign_edition, { id: ack.edition })
  if (edition.fingerprint !== ack.fingerprint) return fill(w.foreign_fingerprint, { id: ack.edition })
  return ""
}

/** The manager's CSV: one row an acknowledgement, by edition then name. */
export function collectedCsv(acks, editions, w) {
  const order = new Map(editions.map((e, i) => [e.id, i]))
  const sorted = [...acks].sort((a, b) => order.get(a.edition) - order.get(b.edition) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return ackCsv(sorted, editions, w)
}
