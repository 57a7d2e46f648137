// The sign-off form under a checklist whose procedure ends with one (checklists/*.yml
// `sign_off`): the statement (and where its words come from), the signer's name, and either a
// drawn signature (signature_pad from npm, served from the site's assets/vendor/: pointer
// events, so touch, pen and mouse) or the typed name (for keyboard and screen-reader users; the
// record says which was used). An empty name or an empty signature area is refused with a
// message. Signing closes the run; from then on it is only copied (signoff-record.js).
// Near the button the page says what a drawn signature and a fingerprint cannot prove.
import { el, fill } from "./dom.js"
import { statementSource } from "./signoff-record.js"

const PAD = new URL("../vendor/signature_pad/signature_pad.js", import.meta.url).href

/**
 * Build the form into the checklist root and wire it.
 * @param {HTMLElement} root the checklist
 * @param {{procedure: object, words: object, lang: string, current: () => (object|null),
 *   confirm: (run: object, name: string) => boolean, sign: (signed: object) => void}} options
 *   current: the open run (null: none); confirm: asks the signer; sign: stores the signed run
 */
export function mountSignOff(root, { procedure, words, lang, current, confirm, sign }) {
  const w = words.signoff
  const spec = procedure.sign_off
  const id = "signoff-" + procedure.id
  const box = el("fieldset", "hb-signoff")
  box.id = id
  box.appendChild(el("legend", "", w.heading))
  const role = el("p", "hb-signoff__role", w.signer_role + words.colon + spec.role_name[lang])
  const statement = el("blockquote", "hb-signoff__statement", spec.statement[lang])
  const source = el("p", "hb-signoff__source hb-provenance", statementSource({ ...procedure, sign_off: spec }, lang, words))
  box.append(role, statement, source)

  const nameRow = el("p", "hb-checklist__field")
  const nameLabel = el("label", "", w.name)
  nameLabel.htmlFor = id + "-name"
  const name = el("input", "hb-signoff__name")
  Object.assign(name, { id: id + "-name", maxLength: 120, autocomplete: "name" })
  nameRow.append(nameLabel, name)
  box.appendChild(nameRow)

  // How to sign: a drawn signature by default; the typed name for keyboard and screen readers.
  const methods = el("fieldset", "hb-signoff__methods")
  methods.appendChild(el("legend", "", w.method))
  for (const method of ["drawn", "typed"]) {
    const label = el("label", "hb-signoff__method")
    const radio = el("input")
    Object.assign(radio, { type: "radio", name: id + "-method", value: method, checked: method === "drawn" })
    label.append(radio, document.createTextNode(" " + w["method_" + method]))
    methods.appendChild(label)
  }
  box.appendChild(methods)

  const padBox = el("div", "hb-signoff__pad")
  const canvas = el("canvas", "hb-signoff__canvas")
  canvas.setAttribute("role", "img")
  canvas.setAttribute("aria-label", w.pad_label)
  const clear = el("button", "md-button hb-signoff__clear", w.clear)
  clear.type = "button"
  padBox.append(el("p", "hb-signoff__pad-label", w.pad_label), canvas, clear)
  box.appendChild(padBox)

  box.appendChild(el("p", "hb-signoff__limits", w.limits))
  const message = el("p", "hb-signoff__message")
  message.setAttribute("role", "alert")
  message.hidden = true
  const go = el("button", "md-button md-button--primary hb-signoff__sign", w.sign)
  go.type = "button"
  box.append(message, go)
  // Before the export buttons: signing is the job's last step.
  root.querySelector(".hb-checklist__actions").before(box)

  const say = (text) => {
    message.textContent = text
    message.hidden = !text
  }
  const method = () => box.querySelector(`input[name="${id}-method"]:checked`).value

  let pad = null
  // The canvas drawn at the device's pixel ratio, as wide as the page allows (a 360 px phone:
  // about 300 px); a new size clears it (signature_pad's own advice), so the signer redraws.
  const fit = () => {
    if (!pad) return
    const ratio = Math.max(window.devicePixelRatio || 1, 1)
    const width = canvas.offsetWidth
    if (!width || canvas.width === Math.round(width * ratio)) return
    canvas.width = Math.round(width * ratio)
    canvas.height = Math.round(canvas.offsetHeight * ratio)
    canvas.getContext("2d").scale(ratio, ratio)
    pad.clear()
  }
  const ready = import(PAD).then(({ default: SignaturePad }) => {
    pad = new SignaturePad(canvas, { backgroundColor: "rgb(255, 255, 255)", penColor: "rgb(0, 0, 0)" })
    pad.addEventListener("beginStroke", () => say(""))
    fit()
    window.addEventListener("resize", fit)
  }).catch(() => {
    // Without the library (an old browser), the typed name is the way to sign.
    box.querySelector('input[value="typed"]').checked = true
    padBox.hidden = true
  })

  const showMethod = () => { padBox.hidden = method() !== "drawn" || !pad; fit() }
  methods.addEventListener("change", showMethod)
  ready.then(showMethod)
  clear.addEventListener("click", () => { if (pad) pad.clear() })

  go.addEventListener("click", async () => {
    await ready
    const run = current()
    const signer = name.value.trim()
    if (!run) return say(w.no_run)
    if (!signer) {
      name.focus()
      return say(w.no_name)
    }
    const how = method()
    if (how === "drawn" && (!pad || pad.isEmpty())) return say(w.no_strokes)
    if (!confirm(run, signer)) return
    say("")
    const image = how === "drawn" ? pad.toDataURL("image/png") : null
    sign({ name: signer, method: how, image })
    name.value = ""
    if (pad) pad.clear()
  })

}
