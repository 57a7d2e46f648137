// Photos at a checklist step: taken with the phone's camera (or chosen), reduced in the
// browser, kept with the run, shown as thumbnails (tap: large), removed on request, exported
// with the record and imported back. checklist.js mounts the step controls; runs-page.js
// uses the exports, the import and the clearing of finished runs; both print the grid.
//
// A photo is checked before it is decoded (photo-record.js checkFile: a file over
// MAX_INPUT_BYTES is refused, not reduced; a file that is no image is refused), decoded
// (a file that does not decode is "damaged"), reduced to LONGEST_SIDE px as a JPEG of a few
// hundred KB, then the space left is checked (runs-store.js spaceLeft) and the image is
// written to the "photos" store before the run's reference to it: a run never names an
// image that is not there, and a failed write (QuotaExceededError) leaves the run as it was
// and says so. Images are shown from data: URLs (the CSP allows data: images; no blob: needed).
import { el, fill, saveFile } from "./dom.js"
import { askPersistOnce, isQuotaError, spaceLeft } from "./runs-store.js"
import {
  LONGEST_SIDE, MAX_INPUT_BYTES, PHOTO_MIME, checkFile, fitSize, newPhotoId, photosOf, stepPhotos, takePhotoData,
  withPhotoData
} from "./photo-record.js"
import { asJson, localTime, now } from "./run-record.js"

const LOW_BYTES = 5 * 1024 * 1024 // less room than this after a photo: say so
const QUALITY = [0.85, 0.7, 0.55] // tried in turn until the JPEG is under TARGET_BYTES
const TARGET_BYTES = 600 * 1024
const MAX_UNZIPPED = 512 * 1024 * 1024
const ZIP = "../vendor/fflate/browser.js" // fflate from npm (hooks/vendor_assets.py), loaded when a zip is made or read

/** An error of a photo, its `code` the key of its words in words.photo. */
class PhotoError extends Error {
  constructor(code, values = {}) {
    super(code)
    this.code = code
    this.values = values
  }
}

/**
 * A chosen file as a stored photo: checked, decoded, reduced to LONGEST_SIDE px, as a JPEG.
 * Throws a PhotoError ("too_big", "not_image", "broken").
 * @param {File} file
 * @returns {Promise<{blob: Blob, width: number, height: number}>}
 */
export async function reducePhoto(file) {
  const head = new Uint8Array(await file.slice(0, 32).arrayBuffer())
  const verdict = checkFile(file, head)
  if (verdict !== "ok") throw new PhotoError(verdict)
  let bitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" })
  } catch (err) {
    throw new PhotoError("broken")
  }
  try {
    const { width, height } = fitSize(bitmap.width, bitmap.height)
    const canvas = typeof OffscreenCanvas === "function" ? new OffscreenCanvas(width, height) : el("canvas", { width, height })
    const ctx = canvas.getContext("2d")
    ctx.fillStyle = "#fff" // a transparent PNG gets a white ground, as JPEG has no transparency
    ctx.fillRect(0, 0, width, height)
    ctx.drawImage(bitmap, 0, 0, width, height)
    let blob = null
    for (const quality of QUALITY) {
      blob = canvas.convertToBlob
        ? await canvas.convertToBlob({ type: PHOTO_MIME, quality })
        : await new Promise((resolve) => canvas.toBlob(resolve, PHOTO_MIME, quality))
      if (blob && blob.size <= TARGET_BYTES) break
    }
    if (!blob) throw new PhotoError("broken")
    return { blob, width, height }
  } finally {
    bitmap.close()
  }
}

/**
 * A blob as a data: URL (what an <img> shows under the site's CSP).
 * @param {Blob} blob
 * @returns {Promise<string>}
 */
export const dataUrl = (blob) => new Promise((resolve, reject) => {
  const reader = new FileReader()
  reader.onload = () => resolve(reader.result)
  reader.onerror = () => reject(reader.error)
  reader.readAsDataURL(blob)
})

/**
 * The images of runs' photos, read from the store: photo id → bytes (a photo whose image is
 * missing is left out; withPhotoData exports it with data: null).
 * @param {object} store runs-store.js openStore()
 * @param {object[]} runs
 * @returns {Promise<Map<string, Uint8Array>>}
 */
export async function photoImages(store, runs) {
  const images = new Map()
  for (const run of runs) {
    for (const p of photosOf(run)) {
      const record = store ? await store.getPhoto(p.id).catch(() => null) : null
      if (record && record.blob) images.set(p.id, new Uint8Array(await record.blob.arrayBuffer()))
    }
  }
  return images
}

/**
 * Runs as the JSON export holds them: each photo with its image as base64.
 * @param {object} store
 * @param {object[]} runs
 * @returns {Promise<object[]>}
 */
export async function runsWithPhotos(store, runs) {
  const images = await photoImages(store, runs)
  return runs.map((run) => withPhotoData(run, images))
}

/**
 * The "export all" file: the JSON (photos as base64), or, where the runs hold photos and it
 * is smaller, that same JSON file deflated in a zip (import reads both).
 * @param {object} store
 * @param {object[]} runs
 * @param {string} base file name without extension
 * @returns {Promise<{name: string, type: string, body: (string|Uint8Array)}>}
 */
export async function exportAllFile(store, runs, base) {
  const text = await asJson(await runsWithPhotos(store, runs))
  if (!runs.some((r) => photosOf(r).length)) return { name: base + ".json", type: "application/json;charset=utf-8", body: text }
  const { zipSync, strToU8 } = await import(ZIP)
  const bytes = strToU8(text)
  // A fixed time in the zip's entry: the same runs give the same file.
  const zipped = zipSync({ [base + ".json"]: [bytes, { level: 6, mtime: new Date(2020, 0, 1) }] })
  if (zipped.length >= bytes.length) return { name: base + ".json", type: "application/json;charset=utf-8", body: text }
  return { name: base + ".zip", type: "application/zip", body: zipped }
}

/**
 * An export file (exportAllFile) handed to the reader.
 * @param {{name: string, type: string, body: (string|Uint8Array)}} file
 */
export const saveExport = (file) => saveFile(file.name, file.type, file.body)

/**
 * A chosen import file as text: a JSON file as it is, a zip's first .json entry.
 * @param {File} file
 * @param {object} words
 * @returns {Promise<string>}
 */
export async function readRunsFile(file, words) {
  const bytes = new Uint8Array(await file.arrayBuffer())
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) return new TextDecoder().decode(bytes)
  const { unzipSync, strFromU8 } = await import(ZIP)
  let entries
  try {
    // Only JSON entries, and none that says it unpacks to more than MAX_UNZIPPED (a zip bomb
    // would stop the tab; the records here are never touched by a read).
    entries = unzipSync(bytes, { filter: (f) => /\.json$/i.test(f.name) && f.originalSize <= MAX_UNZIPPED })
  } catch (err) {
    throw new Error(fill(words.bad_file, { where: "zip" }))
  }
  const name = Object.keys(entries).sort()[0]
  if (!name) throw new Error(fill(words.bad_file, { where: "zip: JSON" }))
  return strFromU8(entries[name])
}

/**
 * Imported runs' photos checked and split off: the runs with references only, their images,
 * and a message per damaged photo (left out; the rest of its run is imported).
 * @param {object[]} runs from runsFromFile
 * @param {object} words
 * @returns {{runs: object[], images: Map<string, Uint8Array>, damaged: string[]}}
 */
export function splitImport(runs, words) {
  const images = new Map()
  const damaged = []
  const clean = runs.map((run) => {
    const taken = takePhotoData(run)
    taken.images.forEach((bytes, id) => images.set(id, bytes))
    taken.damaged.forEach(({ number, photo }) => damaged.push(fill(words.photo.damaged, {
      run: run.label || run.id, number: number || "?", file: String(photo.id || "?") + ".jpg"
    })))
    return taken.run
  })
  return { runs: clean, images, damaged }
}

/**
 * Before storing imported runs: a photo that does not decode is damaged too (its bytes look
 * like a JPEG but are broken); it is taken out of its run and named.
 * @param {object[]} runs the runs to add (references only)
 * @param {Map<string, Uint8Array>} images
 * @param {object} words
 * @returns {Promise<string[]>} the messages of the photos taken out
 */
export async function dropUndecodable(runs, images, words) {
  const damaged = []
  for (const run of runs) {
    const kept = []
    for (const p of photosOf(run)) {
      let ok = images.has(p.id)
      if (ok) {
        try {
          (await createImageBitmap(new Blob([images.get(p.id)], { type: PHOTO_MIME }))).close()
        } catch (err) {
          ok = false
        }
      }
      if (ok) kept.push(p)
      else {
        damaged.push(fill(words.photo.damaged, {
          run: run.label || run.id, number: run.steps.findIndex((s) => s.id === p.step) + 1, file: p.id + ".jpg"
        }))
      }
    }
    if (run.photos) run.photos = kept
  }
  return damaged
}

/**
 * The photos of imported runs written to the store, before their runs: a copy of a run here
 * (a new id, run-record.js mergeRuns) gets new photo ids too, so removing a photo from one
 * never takes it from the other.
 * @param {object} store
 * @param {object[]} add the runs mergeRuns adds
 * @param {Map<string, Uint8Array>} images by the photo ids of the file
 * @returns {Promise<void>} rejects as the store does (QuotaExceededError)
 */
export async function storeImported(store, add, images) {
  for (const run of add) {
    for (const p of photosOf(run)) {
      const bytes = images.get(p.id)
      if (run.copied_from) p.id = newPhotoId()
      await store.putPhoto({ id: p.id, run: run.id, step: p.step, blob: new Blob([bytes], { type: PHOTO_MIME }) })
    }
  }
}

/**
 * The run's photos as a grid (step number and time under each), every image decoded before
 * it resolves, so a print that follows has them. Null when the run has none.
 * @param {object} store
 * @param {object} run
 * @param {string} lang
 * @param {object} words
 * @returns {Promise<HTMLElement|null>}
 */
export async function photoGrid(store, run, lang, words) {
  const photos = photosOf(run)
  if (!photos.length) return null
  const box = el("section", "hb-photo-grid")
  box.appendChild(el("h3", "hb-photo-grid__title", words.photo.heading))
  const list = box.appendChild(el("ul", "hb-photo-grid__list"))
  for (const p of photos) {
    const number = run.steps.findIndex((s) => s.id === p.step) + 1
    const time = localTime(p.taken_at)
    const item = list.appendChild(el("li", "hb-photo-grid__item"))
    item.dataset.photo = p.id
    const record = store ? await store.getPhoto(p.id).catch(() => null) : null
    if (record && record.blob) {
      const img = el("img", { alt: fill(words.photo.alt, { number, time }), width: p.width, height: p.height })
      img.src = await dataUrl(record.blob)
      await img.decode().catch(() => {})
      item.appendChild(img)
    }
    item.appendChild(el("p", "hb-photo-grid__caption", fill(words.photo.caption, { number, time })))
  }
  return box
}

// The large view: one dialog per page, the photo and a close button (Esc closes it too).
let viewer = null
function showLarge(src, alt, words) {
  if (!viewer) {
    viewer = el("dialog", "hb-photo-viewer")
    const img = viewer.appendChild(el("img"))
    const close = viewer.appendChild(el("button", "md-button hb-photo-viewer__close", words.photo.close))
    close.type = "button"
    close.addEventListener("click", () => viewer.close())
    viewer.addEventListener("click", (ev) => { if (ev.target === viewer || ev.target === img) viewer.close() })
    document.body.appendChild(viewer)
  }
  const img = viewer.querySelector("img")
  img.src = src
  img.alt = alt
  viewer.showModal()
  viewer.querySelector("button").focus()
}

/**
 * The photo controls of a checklist's steps: a take-a-photo button (the camera, or a file)
 * and the step's thumbnails, each opening large and with a remove button.
 * @param {{root: HTMLElement, steps: HTMLElement[], words: object, lang: string, store: () => object,
 *   run: () => (object|null), ensureRun: () => object, save: (run: object, number: number) => void,
 *   say: (text: string) => void}} page what checklist.js lends: the store and run as they are now
 * @returns {{render: (run: object|null) => void}}
 */
export function mountStepPhotos(page) {
  const { steps, words, say } = page
  const w = words.photo
  const urls = new Map() // photo id → data: URL, read once
  const boxes = new Map()
  const number = (stepId) => steps.findIndex((li) => li.dataset.step === stepId) + 1

  steps.forEach((li, i) => {
    const box = el("div", "hb-step-photos")
    const take = el("label", "md-button hb-step-photos__take")
    take.appendChild(document.createTextNode(w.take))
    const input = el("input", {
      type: "file", accept: "image/*", capture: "environment", class: "hb-visually-hidden", "aria-label": fill(w.take_for, { number: i + 1 })
    })
    take.appendChild(input)
    box.appendChild(take)
    box.appendChild(el("ul", "hb-step-photos__list"))
    li.appendChild(box)
    boxes.set(li.dataset.step, box)
    input.addEventListener("change", async (ev) => {
      ev.stopPropagation() // not a tick: checklist.js reads every other input's change as one
      const file = input.files[0]
      input.value = ""
      if (file) await add(li.dataset.step, file)
    })
  })

  async function add(stepId, file) {
    const n = number(stepId)
    const store = page.store()
    if (!store) return say(w.no_storage)
    say(fill(w.working, { number: n }))
    let photo
    try {
      photo = await reducePhoto(file)
    } catch (err) {
      if (!(err instanceof PhotoError)) throw err
      return say(fill(w[err.code], { file: file.name, mb: (file.size / 1048576).toFixed(1), limit: MAX_INPUT_BYTES / 1048576 }))
    }
    // Room for it? Too little: not tried (the run is untouched); little: kept, and said.
    const left = await spaceLeft()
    if (left !== null && left < photo.blob.size) return say(fill(w.quota, { number: n }))
    const run = page.ensureRun()
    const ref = {
      id: newPhotoId(), step: stepId, taken_at: now(), mime: PHOTO_MIME, width: photo.width, height: photo.height,
      bytes: photo.blob.size
    }
    try {
      await store.putPhoto({ id: ref.id, run: run.id, step: stepId, blob: photo.blob })
    } catch (err) {
      return say(isQuotaError(err) ? fill(w.quota, { number: n }) : fill(words.not_saved, { number: n }))
    }
    run.photos = [...photosOf(run), ref]
    urls.set(ref.id, await dataUrl(photo.blob))
    page.save(run, n)
    askPersistOnce() // as for runs: the browser is asked once to keep the site's storage
    render(run)
    let text = fill(w.saved, { number: n, kb: Math.round(ref.bytes / 1024) })
    if (left !== null && left - ref.bytes < LOW_BYTES) text += " " + fill(w.low, { mb: ((left - ref.bytes) / 1e6).toFixed(1) })
    say(text)
  }

  async function remove(run, ref) {
    if (!window.confirm(w.remove_confirm)) return
    // The reference goes first: a removed photo is gone from the record even if its image
    // cannot be deleted at once.
    run.photos = photosOf(run).filter((p) => p.id !== ref.id)
    page.save(run, number(ref.step))
    urls.delete(ref.id)
    render(run)
    say(fill(w.removed, { number: number(ref.step) }))
    await page.store()?.removePhoto(ref.id).catch(() => {})
  }

  let shown = null // the run rendered last: a slow image read for an older render is dropped
  function render(run) {
    shown = run
    for (const [stepId, box] of boxes) {
      const list = box.querySelector(".hb-step-photos__list")
      const photos = run ? stepPhotos(run, stepId) : []
      const have = Array.from(list.children, (li) => li.dataset.photo).join()
      if (have === photos.map((p) => p.id).join()) continue
      list.textContent = ""
      for (const p of photos) list.appendChild(thumb(run, p))
    }
  }

  function thumb(run, p) {
    const n = number(p.step)
    const time = localTime(p.taken_at)
    const li = el("li", "hb-step-photos__item")
    li.dataset.photo = p.id
    const open = el("button", { type: "button", class: "hb-step-photos__open", "aria-label": fill(words.photo.open, { number: n, time }) })
    const img = el("img", { alt: fill(words.photo.alt, { number: n, time }), width: p.width, height: p.height })
    open.appendChild(img)
    open.addEventListener("click", () => { if (img.src) showLarge(img.src, img.alt, words) })
    const drop = el("button", { type: "button", class: "md-button hb-step-photos__remove", "aria-label": fill(w.remove_for, { number: n, time }) }, w.remove)
    drop.addEventListener("click", () => remove(run, p))
    li.appendChild(open)
    li.appendChild(el("time", { class: "hb-step-photos__time", datetime: p.taken_at }, time))
    li.appendChild(drop)
    const url = urls.get(p.id)
    if (url) img.src = url
    else {
      const store = page.store()
      ;(store ? store.getPhoto(p.id) : Promise.resolve(null)).then(async (record) => {
        if (!record || !record.blob || shown !== run) return
        const src = await dataUrl(record.blob)
        urls.set(p.id, src)
        img.src = src
      }).catch(() => {})
    }
    return li
  }

  return { render }
}

/**
 * The finished runs exported (with their photos) and, once the reader confirms the file is
 * kept, deleted with their photos: what the page offers when storage runs short.
 * @param {object} store
 * @param {object[]} runs all runs
 * @param {object} words
 * @param {string} base the export's file name without extension
 * @returns {Promise<string>} what to say
 */
/**
 * A copy's own photos: each image stored again under a new id for the run `runId`, so that
 * deleting the run copied from (which takes its photos with it) leaves the copy whole. A
 * photo whose image is missing keeps its reference, missing as in the original.
 * @param {object|null} store runs-store.js's store
 * @param {Array<object>} refs the copied run's photo references
 * @param {string} runId the copy's id
 * @returns {Promise<Array<object>>} the copy's references
 */
export async function copyPhotos(store, refs, runId) {
  const out = []
  for (const ref of refs || []) {
    const record = store ? await store.getPhoto(ref.id).catch(() => null) : null
    if (!record) {
      out.push(ref)
      continue
    }
    const id = newPhotoId()
    await store.putPhoto({ ...record, id, run: runId })
    out.push({ ...ref, id })
  }
  return out
}

export async function exportAndClearFinished(store, runs, words, base) {
  const finished = runs.filter((r) => r.finished_at)
  if (!finished.length) return words.photo.none_finished
  saveExport(await exportAllFile(store, finished, base))
  const count = finished.length
  const one = count === 1
  if (!window.confirm(fill(one ? words.photo.clear_confirm_one : words.photo.clear_confirm, { count }))) return ""
  for (const run of finished) await store.remove(run.id)
  return fill(one ? words.photo.cleared_one : words.photo.cleared, { count })
}

export { LONGEST_SIDE, MAX_INPUT_BYTES }
