// The manager's page (docs/acknowledgements.md, macros/records.py acknowledgements_page):
// acknowledgements pasted or imported (text, CSV or JSON exports of the study page, or bare
// codes), checked against this build's editions by acknowledgement.js, as a table of who
// acknowledged which edition; refused lines listed with their line number and the reason;
// the table exported as CSV. Nothing leaves the browser.
import { collectedCsv, parseAcks } from "./acknowledgement.js"
import { el, fill, saveFile } from "./dom.js"

function mount(root) {
  const words = JSON.parse(root.dataset.labels)
  const editions = JSON.parse(root.querySelector(".hb-editions").textContent)
  const paste = root.querySelector(".hb-acks__paste")
  const status = root.querySelector(".hb-acks__status")
  const holder = root.querySelector(".hb-acks__table")
  const tableTitle = root.querySelector(".hb-acks__table-title")
  const refusedTitle = root.querySelector(".hb-acks__refused-title")
  const refusedList = root.querySelector(".hb-acks__refused")
  const exportButton = root.querySelector('[data-action="export-csv"]')
  let collected = []

  function show(text) {
    const { acks, refused } = parseAcks(text, editions, words)
    collected = acks
    const count = acks.length
    status.textContent = fill(count === 1 ? words.counted_one : words.counted, { count })
    holder.textContent = ""
    // One row a person, one column an edition: the time acknowledged, or "not acknowledged".
    const people = [...new Set(acks.map((a) => a.name))].sort()
    if (people.length) {
      const table = el("table", "hb-acks__grid")
      const head = el("tr")
      head.appendChild(el("th", { scope: "col" }, words.col_name))
      for (const e of editions) head.appendChild(el("th", { scope: "col" }, `${e.id} (${e.date})`))
      table.appendChild(el("thead")).appendChild(head)
      const body = table.appendChild(el("tbody"))
      for (const name of people) {
        const tr = el("tr")
        tr.appendChild(el("th", { scope: "row" }, name))
        for (const e of editions) {
          const a = acks.find((x) => x.name === name && x.edition === e.id)
          tr.appendChild(el("td", { "data-edition": e.id, class: a ? "is-acknowledged" : "is-missing" }, a ? a.at : words.not_acknowledged))
        }
        body.appendChild(tr)
      }
      holder.appendChild(table)
    }
    tableTitle.hidden = !people.length
    exportButton.hidden = !people.length
    refusedList.textContent = ""
    for (const r of refused) refusedList.appendChild(el("li", { "data-line": String(r.line) }, fill(words.line, r)))
    refusedTitle.hidden = !refused.length
  }

  root.addEventListener("click", (ev) => {
    const b = ev.target.closest("button[data-action]")
    if (!b) return
    if (b.dataset.action === "collect") show(paste.value)
    else if (b.dataset.action === "export-csv") {
      saveFile(`acknowledgements-collected_${new Date().toISOString().slice(0, 10)}.csv`, "text/csv;charset=utf-8",
        "\ufeff" + collectedCsv(collected, editions, words))
    }
  })

  root.querySelector(".hb-acks__import input").addEventListener("change", async (ev) => {
    const file = ev.target.files[0]
    ev.target.value = ""
    if (!file) return
    paste.value = (await file.text()).replace(/^\ufeff/, "")
    show(paste.value)
  })
}

document.querySelectorAll(".hb-acks").forEach(mount)
