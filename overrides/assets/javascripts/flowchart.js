// The flowcharts drawn at build time (macros/flowchart.py): a full-screen viewer with pan and
// zoom, and the marks of the open checklist run.
//
// Viewer: the figure's button (or a tap on the diagram) opens a <dialog> holding a copy of
// the SVG. One pointer drags it, two pinch, the wheel zooms at the pointer; the buttons zoom
// and fit; the keyboard pans (arrows), zooms (+ / −), fits (0) and closes (Esc).
//
// Run marks: checklist.js dispatches `hb:run-change` on its root whenever it renders a run,
// detail {procedure, ticks: {stepId: time}, answers: {stepId: branchIndex or next step id}}.
// The diagram of that procedure marks each step done and each answer chosen (the others of
// an answered decision are dimmed).

const MIN_SCALE = 0.25
const MAX_SCALE = 6
const STEP = 1.25
const PAN = 48

/** @param {HTMLElement} figure */
const setUp = (figure) => {
  const words = JSON.parse(figure.dataset.labels || "{}")
  const box = figure.querySelector(".hb-flowchart__scroll")
  const button = figure.querySelector(".hb-flowchart__open")
  const svg = box.querySelector("svg")
  if (!svg || !button) return
  button.hidden = false
  button.addEventListener("click", () => openViewer(svg, words, button))
  svg.addEventListener("click", () => openViewer(svg, words, button))
  // Narrower than the diagram (a phone under 352 px): the box scrolls, so it takes focus.
  const scrollable = () => {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0
      box.setAttribute("role", "group")
      box.setAttribute("aria-labelledby", figure.querySelector("figcaption").id)
    } else {
      box.removeAttribute("tabindex")
      box.removeAttribute("role")
      box.removeAttribute("aria-labelledby")
    }
  }
  scrollable()
  addEventListener("resize", scrollable)
}

/** A small round button of the viewer's toolbar. */
const toolButton = (text, label, onClick) => {
  const b = document.createElement("button")
  b.type = "button"
  b.className = "hb-fc-viewer__button"
  b.textContent = text
  b.setAttribute("aria-label", label)
  b.title = label
  b.addEventListener("click", onClick)
  return b
}

/**
 * Open the full-screen viewer on a copy of `svg`.
 * @param {SVGSVGElement} svg
 * @param {Record<string, string>} words
 * @param {HTMLElement} opener focus returns here on close
 */
export const openViewer = (svg, words, opener) => {
  const dialog = document.createElement("dialog")
  dialog.className = "hb-fc-viewer"
  dialog.setAttribute("aria-label", svg.querySelector("title")?.textContent || "")
  const stage = document.createElement("div")
  stage.className = "hb-fc-viewer__stage"
  stage.tabIndex = 0
  stage.setAttribute("aria-describedby", "hb-fc-viewer-help")
  const copy = /** @type {SVGSVGElement} */ (svg.cloneNode(true))
  copy.querySelectorAll("[id]").forEach((e) => e.removeAttribute("id")) // ids stay unique on the page
  copy.removeAttribute("aria-labelledby")
  copy.setAttribute("aria-label", svg.querySelector("title")?.textContent || "")
  stage.append(copy)
  const help = document.createElement("p")
  help.id = "hb-fc-viewer-help"
  help.className = "hb-fc-viewer__help"
  help.textContent = words.help || ""

  const width = Number(svg.getAttribute("width"))
  let scale = 1
  let x = 0
  let y = 0
  const apply = () => {
    copy.style.transform = `translate(${x}px, ${y}px) scale(${scale})`
  }
  const fit = () => {
    const room = stage.clientWidth - 16
    scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, room / width))
    x = (stage.clientWidth - width * scale) / 2
    y = 8
    apply()
  }
  /** Zoom by `factor` keeping the point (px, py) of the stage where it is. */
  const zoom = (factor, px = stage.clientWidth / 2, py = stage.clientHeight / 2) => {
    const next = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale * factor))
    x = px - ((px - x) * next) / scale
    y = py - ((py - y) * next) / scale
    scale = next
    apply()
  }

  const close = () => dialog.close()
  const bar = document.createElement("div")
  bar.className = "hb-fc-viewer__bar"
  bar.append(toolButton("−", words.zoom_out, () => zoom(1 / STEP)),
    toolButton("+", words.zoom_in, () => zoom(STEP)),
    toolButton("⤢", words.reset, fit),
    toolButton("×", words.close, close))
  bar.lastChild.classList.add("hb-fc-viewer__close")
  dialog.append(bar, stage, help)

  // Pointers: one drags, two pinch (the distance between them scales, about their middle).
  const pointers = new Map()
  let pinch = null
  stage.addEventListener("pointerdown", (e) => {
    stage.setPointerCapture(e.pointerId)
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY })
    if (pointers.size === 2) {
      const [a, b] = [...pointers.values()]
      pinch = Math.hypot(a.x - b.x, a.y - b.y)
    }
  })
  stage.addEventListener("pointermove", (e) => {
    const last = pointers.get(e.pointerId)
    if (!last) return
    const now = { x: e.clientX, y: e.clientY }
    pointers.set(e.pointerId, now)
    if (pointers.size === 1) {
      x += now.x - last.x
      y += now.y - last.y
      apply()
    } else if (pointers.size === 2 && pinch) {
      const [a, b] = [...pointers.values()]
      const distance = Math.hypot(a.x - b.x, a.y - b.y)
      const rect = stage.getBoundingClientRect()
      zoom(distance / pinch, (a.x + b.x) / 2 - rect.left, (a.y + b.y) / 2 - rect.top)
      pinch = distance
    }
  })
  const up = (e) => {
    pointers.delete(e.pointerId)
    if (pointers.size < 2) pinch = null
  }
  stage.addEventListener("pointerup", up)
  stage.addEventListener("pointercancel", up)
  stage.addEventListener("wheel", (e) => {
    e.preventDefault()
    const rect = stage.getBoundingClientRect()
    zoom(e.deltaY < 0 ? STEP : 1 / STEP, e.clientX - rect.left, e.clientY - rect.top)
  }, { passive: false })
  stage.addEventListener("keydown", (e) => {
    const moves = { ArrowLeft: [PAN, 0], ArrowRight: [-PAN, 0], ArrowUp: [0, PAN], ArrowDown: [0, -PAN] }
    if (moves[e.key]) {
      x += moves[e.key][0]
      y += moves[e.key][1]
      apply()
    } else if (e.key === "+" || e.key === "=") zoom(STEP)
    else if (e.key === "-" || e.key === "−") zoom(1 / STEP)
    else if (e.key === "0") fit()
    else return
    e.preventDefault()
  })

  dialog.addEventListener("close", () => {
    dialog.remove()
    opener?.focus()
  })
  document.body.append(dialog)
  dialog.showModal()
  fit()
  stage.focus()
  return dialog
}

/** The branch an answer names: its index, or the step it leads to. */
const chosen = (answer, chip) => {
  if (answer === undefined || answer === null) return null
  const value = typeof answer === "object" ? answer.branch ?? answer.next : answer
  return typeof value === "number" ? Number(chip.dataset.branch) === value : chip.dataset.next === String(value)
}

/**
 * Mark a run on the diagrams of its procedure.
 * @param {{procedure: string, ticks?: Record<string, string>, answers?: Record<string, any>}} run
 */
export const markRun = (run) => {
  const ticks = run.ticks || {}
  const answers = run.answers || {}
  document.querySelectorAll(`figure.hb-flowchart[data-procedure="${CSS.escape(run.procedure)}"] svg`).forEach((svg) => {
    svg.querySelectorAll(".hb-fc-node").forEach((node) => {
      const id = node.dataset.step
      node.classList.toggle("is-done", Boolean(ticks[id]) || answers[id] !== undefined && answers[id] !== null)
    })
    svg.querySelectorAll(".hb-fc-branch, .hb-fc-edge[data-branch]").forEach((part) => {
      const answer = answers[part.dataset.step]
      const hit = chosen(answer, part.dataset.next !== undefined ? part : svg.querySelector(
        `.hb-fc-branch[data-step="${CSS.escape(part.dataset.step)}"][data-branch="${part.dataset.branch}"]`))
      part.classList.toggle("is-chosen", hit === true)
      part.classList.toggle("is-not-chosen", hit === false)
    })
  })
}

document.addEventListener("hb:run-change", (e) => markRun(/** @type {CustomEvent} */ (e).detail))
document.querySelectorAll("figure.hb-flowchart").forEach(setUp)
