// Study progress (macros/records.py study_page): per section, whether it was read to its
// end (reading.js) and in which edition, its self-test score and the clauses of questions
// answered wrong (quiz-study.js), with "study next" for the weakest section; what changed
// since it was read (since-read.js); export, import and reset; and the reader's
// acknowledgement of an edition's changes (acknowledgement.js), exported as text, CSV or
// JSON and printed. Everything stays in this browser's localStorage; nothing is sent anywhere.
import { ackCsv, ackJson, ackText, makeAck } from "./acknowledgement.js"
import { el, fill, saveFile } from "./dom.js"
import { READ_KEY, changedSince, fillSince, readRecords } from "./since-read.js"

const QUIZ = "service-norms:quiz:"
const FORMAT = "service-norms-study"
const ACK_KEY = "service-norms:acknowledgements"

function readJson(key) {
  try {
    const value = JSON.parse(localStorage.getItem(key) || "{}")
    return value && typeof value === "object" && !Array.isArray(value) ? value : {}
  } catch (err) {
    return {}
  }
}

function results(section) {
  const stored = readJson(QUIZ + section)
  for (const id of Object.keys(stored)) {
    if (typeof stored[id] === "boolean") stored[id] = { ok: stored[id], response: null, at: null }
  }
  return stored
}

// 0 (nothing done) to 1 (read, every question right): reading is half, the self-test half.
function strength(section, read, answers) {
  const ids = Object.keys(section.questions)
  if (!ids.length) return read ? 1 : 0
  const right = ids.filter((id) => answers[id]?.ok).length
  return (read ? 0.5 : 0) + 0.5 * right / ids.length
}

function storedAcks() {
  try {
    const list = JSON.parse(localStorage.getItem(ACK_KEY) || "[]")
    return Array.isArray(list) ? list : []
  } catch (err) {
    return []
  }
}

function mount(root) {
  const words = JSON.parse(root.dataset.labels)
  const sections = JSON.parse(root.querySelector(".hb-study__sections").textContent)
  const editions = JSON.parse(root.querySelector(".hb-editions").textContent)
  const current = editions[editions.length - 1]
  const first = editions[0]?.id ?? null
  const next = root.querySelector(".hb-study__next")
  const holder = root.querySelector(".hb-study__table")
  const since = root.querySelector(".hb-since")

  function readCell(s, record) {
    if (!record) return words.no
    const count = changedSince(editions, { [s.id]: record }, s.id).length
    if (!count) return fill(words.read_in, { edition: record.edition })
    return fill(count === 1 ? words.read_old_one : words.read_old, { edition: record.edition, count })
  }

  function render() {
    const read = readRecords(first)
    holder.textContent = ""
    const table = el("table", "hb-study__grid")
    const head = el("tr")
    for (const h of [words.section, words.read, words.score, words.wrong]) head.appendChild(el("th", { scope: "col" }, h))
    table.appendChild(el("thead")).appendChild(head)
    const body = table.appendChild(el("tbody"))
    let weakest = null
    for (const s of sections) {
      const answers = results(s.id)
      const ids = Object.keys(s.questions)
      const tr = el("tr")
      tr.dataset.section = s.id
      const name = el("th", { scope: "row" })
      const a = el("a", "", s.cite)
      a.href = s.href
      name.appendChild(a)
      if (s.status === "reference-draft") {
        name.appendChild(document.createTextNode(" "))
        name.appendChild(el("span", "status-badge status-reference-draft", words.draft))
      }
      tr.appendChild(name)
      // A section is read only for the text that was read: changed since, it is not.
      const record = read[s.id]
      const upToDate = Boolean(record) && !changedSince(editions, { [s.id]: record }, s.id).length
      const cell = el("td", "hb-study__read", readCell(s, record))
      cell.dataset.read = record ? (upToDate ? "current" : "changed") : "no"
      tr.appendChild(cell)
      const right = ids.filter((id) => answers[id]?.ok).length
      const answered = ids.filter((id) => answers[id]).length
      tr.appendChild(el("td", "hb-study__score", ids.length ? fill(words.score_value, { right, total: ids.length, answered }) : words.no_quiz))
      const wrong = el("td", "hb-study__wrong")
      const seen = new Set()
      for (const id of ids.filter((i) => answers[i] && !answers[i].ok)) {
        const q = s.questions[id]
        if (seen.has(q.href)) continue
        seen.add(q.href)
        if (wrong.childNodes.length) wrong.appendChild(document.createTextNode(" "))
        const link = el("a", "", q.clause)
        link.href = q.href
        wrong.appendChild(link)
      }
      tr.appendChild(wrong)
      body.appendChild(tr)
      const value = strength(s, upToDate, answers)
      if (value < 1 && (!weakest || value < weakest.value)) weakest = { value, section: s }
    }
    holder.appendChild(table)
    next.textContent = ""
    if (weakest) {
      next.appendChild(document.createTextNode(words.next + " "))
      const go = el("a", "", weakest.section.cite)
      go.href = weakest.section.href
      next.appendChild(go)
    } else {
      next.textContent = words.all_done
    }
    fillSince(since, editions, read, words, current?.href)
    renderAcks()
  }

  // --- acknowledging an edition's changes ---------------------------------------------------
  const ack = root.querySelector(".hb-ack")
  const ackButton = ack.querySelector('[data-action="ack"]')
  const ackName = ack.querySelector(".hb-ack__name")
  const ackStatus = ack.querySelector(".hb-ack__status")
  const ackList = ack.querySelector(".hb-ack__list")
  const ackPrint = ack.querySelector(".hb-ack__print")
  if (current) {
    ackButton.textContent = fill(words.ack_button, { id: current.id })
    ack.hidden = false
  }

  function renderAcks() {
    const acks = storedAcks()
    ackList.textContent = ""
    if (!acks.length) ackList.appendChild(el("li", "", words.ack_none))
    for (const a of acks) {
      const e = editions.find((x) => x.id === a.edition)
      ackList.appendChild(el("li", { "data-edition": a.edition },
        `${fill(words.ack_statement, { id: a.edition, date: e ? e.date : "" })} ${a.name}${words.colon}${a.at}`))
    }
    for (const b of ack.querySelectorAll(".hb-ack__actions button")) b.disabled = !acks.length
  }

  const stamp = () => new Date().toISOString().slice(0, 10)

  root.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-action]")
    if (!b) return
    const action = b.dataset.action
    if (action === "export") {
      saveFile(`service-norms-study_${stamp()}.json`, "application/json;charset=utf-8", exported())
    } else if (action === "reset" && window.confirm(words.reset_confirm)) {
      localStorage.removeItem(READ_KEY)
      for (const s of sections) localStorage.removeItem(QUIZ + s.id)
      render()
    } else if (action === "ack") {
      if (!ackName.value.trim()) {
        ackStatus.textContent = words.ack_need_name
        ackName.focus()
        return
      }
      const made = makeAck({ name: ackName.value, edition: current, at: new Date() })
      const acks = storedAcks().filter((a) => !(a.edition === made.edition && a.name === made.name))
      acks.push(made)
      try {
        localStorage.setItem(ACK_KEY, JSON.stringify(acks))
      } catch (err) { /* kept on the page for export below */ }
      ackStatus.textContent = fill(words.ack_done, { name: made.name, id: made.edition, time: made.at })
      renderAcks()
    } else if (action === "ack-txt") {
      saveFile(`acknowledgements_${stamp()}.txt`, "text/plain;charset=utf-8", ackText(storedAcks(), editions, words))
    } else if (action === "ack-csv") {
      saveFile(`acknowledgements_${stamp()}.csv`, "text/csv;charset=utf-8", "\ufeff" + ackCsv(storedAcks(), editions, words))
    } else if (action === "ack-json") {
      saveFile(`acknowledgements_${stamp()}.json`, "application/json;charset=utf-8", ackJson(storedAcks(), editions))
    } else if (action === "ack-print") {
      // Only the acknowledgements go on paper (handbook.css: body.hb-printing-ack).
      ackPrint.textContent = ackText(storedAcks(), editions, words)
      ackPrint.hidden = false
      document.body.classList.add("hb-printing-ack")
      window.addEventListener("afterprint", () => {
        document.body.classList.remove("hb-printing-ack")
        ackPrint.hidden = true
      }, { once: true })
      window.print()
    }
  })

  function exported() {
    const quiz = {}
    for (const s of sections) quiz[s.id] = results(s.id)
    return JSON.stringify({ format: FORMAT, version: 2, exported_at: new Date().toISOString(), read: readRecords(first), quiz }, null, 2) + "\n"
  }

  // Import merges: a section read stays read (the later edition read kept, then the earlier
  // time), and for each question the later answer wins.
  root.querySelector(".hb-study__import input").addEventListener("change", async (ev) => {
    const file = ev.target.files[0]
    ev.target.value = ""
    if (!file) return
    let data
    try { data = JSON.parse(await file.text()) } catch (err) { data = null }
    if (!data || data.format !== FORMAT || typeof data.read !== "object" || typeof data.quiz !== "object") {
      next.textContent = words.bad_file
      return
    }
    const read = readRecords(first)
    const position = new Map(editions.map((e, i) => [e.id, i]))
    for (const [id, value] of Object.entries(data.read)) {
      const incoming = typeof value === "string" ? { at: value, edition: first || "" }
        : value && typeof value.at === "string" ? { at: value.at, edition: String(value.edition || first || "") } : null
      if (!incoming) continue
      const mine = read[id]
      const later = (r) => position.get(r.edition) ?? -1
      if (!mine || later(incoming) > later(mine) || (later(incoming) === later(mine) && incoming.at < mine.at)) read[id] = incoming
    }
    localStorage.setItem(READ_KEY, JSON.stringify(read))
    for (const s of sections) {
      const incoming = data.quiz[s.id]
      if (!incoming || typeof incoming !== "object") continue
      const mine = results(s.id)
      for (const [id, a] of Object.entries(incoming)) {
        if (!(id in s.questions) || !a || typeof a.ok !== "boolean") continue
        if (!mine[id] || (a.at && (!mine[id].at || a.at > mine[id].at))) mine[id] = a
      }
      localStorage.setItem(QUIZ + s.id, JSON.stringify(mine))
    }
    render()
    next.textContent = words.imported + " " + next.textContent
  })

  root.querySelector(".hb-study__actions").hidden = false
  render()
}

document.querySelectorAll(".hb-study").forEach(mount)
