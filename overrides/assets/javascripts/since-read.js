// "Changed since you read it": what the editions changed in the sections this browser read,
// after the edition it read them in (reading.js keeps that per section). Used by the study
// page (study.js) and the home page (its .hb-since-home box, mounted here).
import { el, fill } from "./dom.js"

export const READ_KEY = "service-norms:read"

/**
 * What this browser read: {section: {at, edition}}. A record from before editions (a bare
 * time) was read in the first edition, the site as it was then.
 * @param {string|null} firstEdition the id of the first edition (null: leave it empty)
 * @returns {Object<string, {at: string, edition: string}>}
 */
export function readRecords(firstEdition) {
  let stored = {}
  try {
    stored = JSON.parse(localStorage.getItem(READ_KEY) || "{}") || {}
  } catch (err) { /* unreadable: nothing read */ }
  if (typeof stored !== "object" || Array.isArray(stored)) stored = {}
  const out = {}
  for (const [id, value] of Object.entries(stored)) {
    if (typeof value === "string") out[id] = { at: value, edition: firstEdition || "" }
    else if (value && typeof value.at === "string") out[id] = { at: value.at, edition: String(value.edition || firstEdition || "") }
  }
  return out
}

/**
 * The changes made after the edition each section was read in, to the sections read: one
 * entry a change (a change touching two sections read counts once), newest edition first.
 * @param {Array} editions oldest first, as macros/changes.py reader_editions gives them
 * @param {Object} read readRecords()
 * @param {string} [only] one section's id
 * @returns {Array<{edition: Object, change: Object}>}
 */
export function changedSince(editions, read, only) {
  const position = new Map(editions.map((e, i) => [e.id, i]))
  const found = new Map()
  editions.forEach((edition, i) => {
    for (const change of edition.changes) {
      const touched = change.sections.filter((s) => read[s] && (!only || s === only)
        && (position.has(read[s].edition) ? position.get(read[s].edition) : 0) < i)
      if (touched.length) found.set(change.key, { edition, change })
    }
  })
  return [...found.values()].reverse()
}

/**
 * Fill a .hb-since box (macros/records.py since_box) and show it when something read changed.
 * @returns {number} how many changes
 */
export function fillSince(box, editions, read, words, changesHref) {
  const changed = changedSince(editions, read)
  const count = changed.length
  box.querySelector(".hb-since__title").textContent = words.since_title
  box.querySelector(".hb-since__count").textContent = count
    ? fill(count === 1 ? words.since_count_one : words.since_count, { count })
    : words.since_none
  const list = box.querySelector(".hb-since__list")
  list.textContent = ""
  for (const { edition, change } of changed) {
    const li = el("li", { "data-key": change.key })
    const a = el("a", "", change.cite)
    if (change.href) a.href = change.href
    li.appendChild(change.href ? a : el("span", "", change.cite))
    li.appendChild(document.createTextNode(fill(words.in_edition, { id: edition.id })))
    list.appendChild(li)
  }
  const link = box.querySelector(".hb-since__changes")
  link.textContent = words.see_changes
  link.href = changed.length ? changed[0].edition.href : changesHref || ""
  box.hidden = !count
  return count
}

for (const home of document.querySelectorAll(".hb-since-home")) {
  const editions = JSON.parse(home.querySelector(".hb-editions").textContent)
  const words = JSON.parse(home.dataset.labels)
  fillSince(home.querySelector(".hb-since"), editions, readRecords(editions[0]?.id ?? null), words, home.dataset.changes)
}
