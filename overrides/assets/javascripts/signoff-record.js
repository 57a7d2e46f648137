// A job record's sign-off as the record says it: in the text and CSV exports, on the printed
// record and My job records, and checked on import. No DOM on import (tested under Node with
// run-record.js); the signing form is run-signoff.js.
//
// A run of a procedure with `sign_off` (checklists/*.yml) keeps it as the procedure had it:
//   sign_off: {role, role_name: {zh, en}, clause, cite: {zh, en}, statement: {zh, en}}
// and, once signed, closes with
//   signed: {name, at, method: "drawn" | "typed", image: "data:image/png;base64,…" | null}
// (`image` is the drawn signature; a typed name has none). A signed run is never changed again
// (runs-store.js refuses it); `copyOfSigned` makes a new open run from it.
import { el, fill } from "./dom.js"

/** The signing methods a record names: a drawn signature, or a typed name (keyboard, screen reader). */
export const METHODS = Object.freeze(["drawn", "typed"])

const PNG_URL = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/

/**
 * Whether a signed run's drawn signature is an intact PNG data URL (a typed one has no image).
 * @param {object} signed
 * @returns {boolean}
 */
export function signatureIntact(signed) {
  if (signed.method === "typed") return signed.image === null || signed.image === undefined
  const m = typeof signed.image === "string" && PNG_URL.exec(signed.image)
  if (!m || m[1].length % 4) return false
  try {
    const head = atob(m[1].slice(0, 12))
    return head.startsWith("\x89PNG\r\n\x1a\n")
  } catch (err) {
    return false
  }
}

/**
 * Whether a run read from a file has a well-formed `signed` (when it has one) and `sign_off`.
 * @param {object} run
 * @returns {string|null} the field that is wrong, or null
 */
export function signOffProblem(run) {
  const isText = (v) => v && typeof v === "object" && typeof v.zh === "string" && typeof v.en === "string"
  if (run.sign_off !== undefined && !(run.sign_off && typeof run.sign_off.role === "string" && isText(run.sign_off.statement))) {
    return "sign_off"
  }
  if (run.signed === undefined) return null
  const s = run.signed
  if (!run.sign_off || !s || typeof s !== "object" || typeof s.name !== "string" || !s.name.trim() ||
    typeof s.at !== "string" || !METHODS.includes(s.method)) return "signed"
  return null
}

/**
 * The signer in one line: "name (role), time, method".
 * @param {object} run a signed run
 * @param {string} lang
 * @param {object} words the page's words (words.signoff: data/labels.yml signoff)
 * @param {(iso: string) => string} time how a time is shown
 * @returns {string}
 */
export const signedLine = (run, lang, words, time) => fill(words.signoff.signed_line, {
  name: run.signed.name, role: run.sign_off.role_name ? run.sign_off.role_name[lang] : run.sign_off.role,
  at: time(run.signed.at), method: words.signoff["via_" + run.signed.method]
})

/**
 * Where the statement's words come from, in words: compiled from a V4 clause (cited as the
 * handbook numbers it), or a reference draft; never V4 text.
 * @param {object} run
 * @param {string} lang
 * @param {object} words
 * @returns {string}
 */
export const statementSource = (run, lang, words) => (run.status === "reference-draft" || !run.sign_off.cite
  ? words.signoff.provenance_draft
  : fill(words.signoff.provenance_compiled, { clause: run.sign_off.cite[lang] }))

/**
 * The text record's sign-off lines (none for a procedure without one).
 * @param {object} run
 * @param {string} lang
 * @param {object} words
 * @param {(iso: string) => string} time
 * @returns {string[]}
 */
export function signOffLines(run, lang, words, time) {
  if (!run.sign_off) return []
  const w = words.signoff
  return [
    w.statement + words.colon + run.sign_off.statement[lang] + fill(words.paren, { text: statementSource(run, lang, words) }),
    w.signed + words.colon + (run.signed ? signedLine(run, lang, words, time) : w.not_signed)
  ]
}

/**
 * The CSV's sign-off cells: signer, role, time, method (empty when not signed).
 * @param {object} run
 * @param {string} lang
 * @param {object} words
 * @param {(iso: string) => string} time
 * @returns {{signed_by: string, signer_role: string, signed_at: string, sign_method: string}}
 */
export function signOffCells(run, lang, words, time) {
  if (!run.signed) return { signed_by: "", signer_role: "", signed_at: "", sign_method: "" }
  return {
    signed_by: run.signed.name, signer_role: run.sign_off.role_name ? run.sign_off.role_name[lang] : run.sign_off.role,
    signed_at: time(run.signed.at), sign_method: words.signoff["via_" + run.signed.method]
  }
}

/**
 * The sign-off on the filled record (print, My job records): statement and its source, the
 * signer, the time, how it was signed, and the drawn signature (or the typed name).
 * @param {object} run
 * @param {string} lang
 * @param {object} words
 * @param {(iso: string) => string} time
 * @returns {HTMLElement|null}
 */
export function signOffElement(run, lang, words, time) {
  if (!run.sign_off) return null
  const w = words.signoff
  const box = el("section", "hb-signoff-record")
  // Not signed: one line says so (a record states what happened; the form has the statement).
  if (!run.signed) {
    box.appendChild(el("p", "hb-signoff-record__unsigned", w.signed + words.colon + w.not_signed))
    return box
  }
  box.appendChild(el("h3", "", w.heading))
  box.appendChild(el("p", "hb-signoff-record__statement", run.sign_off.statement[lang]))
  box.appendChild(el("p", "hb-signoff-record__source hb-provenance", statementSource(run, lang, words)))
  box.appendChild(el("p", "hb-signoff-record__signer", w.signed + words.colon + signedLine(run, lang, words, time)))
  if (run.signed.method === "typed") {
    box.appendChild(el("p", "hb-signoff-record__typed", run.signed.name))
  } else if (signatureIntact(run.signed) && !(run.imported && run.imported.signature_damaged)) {
    const img = el("img", "hb-signoff-record__image")
    img.src = run.signed.image
    img.alt = fill(w.signature_img, { name: run.signed.name })
    box.appendChild(img)
  } else {
    box.appendChild(el("p", "hb-signoff-record__damaged", w.signature_damaged))
  }
  return box
}

/**
 * What an imported copy's check says, as a warning for its record; "" when there is nothing
 * to say (unchanged, or not imported).
 * @param {object} run
 * @param {object} words
 * @returns {string}
 */
export function importWarning(run, words) {
  const check = run.imported && run.imported.fingerprint
  if (check !== "changed") return ""
  return run.signed ? words.signoff.mark_signed_changed : words.signoff.mark_changed
}

/**
 * A new open run from a signed one: the same procedure copy, label, ticks, answers and notes,
 * a new id, not signed, naming the run it was copied from.
 * @param {object} run the signed run
 * @param {string} id the new run's id
 * @param {string} at now, as stored
 * @returns {object}
 */
export function copyOfSigned(run, id, at) {
  const { signed, imported, copied_from, fingerprint, step_states, ...rest } = JSON.parse(JSON.stringify(run))
  return { ...rest, id, started_at: at, updated_at: at, finished_at: null, copied_from_signed: run.id }
}
