// Photos in a job record, the pure part: what a run holds of its photos, which required
// photos are missing, how the exports name them, and the checks an import makes on the image
// data. No DOM, no storage, no clock (tests/js/photo-record.test.mjs runs it under Node);
// run-photos.js takes, reduces, stores and shows them, run-record.js exports them.
//
// A run holds references only (the images are in IndexedDB's "photos" store, runs-store.js,
// so a run stays small enough for the localStorage journal):
//   run.photos: [{id, step, taken_at, mime, width, height, bytes}]
// in the order they were taken. The JSON export adds `data` (the JPEG as base64) to each; an
// import checks it (decodes, its length is `bytes`, it is a JPEG) and leaves a damaged photo
// out, naming it.
import { stepStates } from "./record-states.js"

/** A photo larger than this (bytes, as the camera or gallery gives it) is refused, not reduced. */
export const MAX_INPUT_BYTES = 30 * 1024 * 1024
/** The longest side of a stored photo, in pixels. */
export const LONGEST_SIDE = 1600
/** The one type a stored photo has. */
export const PHOTO_MIME = "image/jpeg"

// The keys of a photo reference, in the order every export writes them (a fingerprint over
// the exported run depends on it).
const REF_KEYS = ["id", "step", "taken_at", "mime", "width", "height", "bytes"]

/**
 * The size a photo is reduced to: its longest side at most `longest`, the proportions kept,
 * never enlarged.
 * @param {number} width
 * @param {number} height
 * @param {number} [longest]
 * @returns {{width: number, height: number}}
 */
export const fitSize = (width, height, longest = LONGEST_SIDE) => {
  const scale = Math.min(1, longest / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/**
 * The image type the first bytes of a file show ("image/jpeg", "image/png", "image/gif",
 * "image/webp", "image/heic", "image/avif", "image/bmp"), or null when they show none.
 * @param {Uint8Array} head the first 16 bytes or more
 * @returns {string|null}
 */
export const sniffImage = (head) => {
  const at = (i, bytes) => bytes.every((b, k) => head[i + k] === b)
  const ascii = (i, text) => at(i, Array.from(text, (c) => c.charCodeAt(0)))
  if (at(0, [0xff, 0xd8, 0xff])) return "image/jpeg"
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png"
  if (ascii(0, "GIF8")) return "image/gif"
  if (ascii(0, "RIFF") && ascii(8, "WEBP")) return "image/webp"
  if (ascii(0, "BM")) return "image/bmp"
  if (ascii(4, "ftyp")) {
    const brand = String.fromCharCode(...head.slice(8, 12))
    if (/^(heic|heix|hevc|mif1|msf1)$/.test(brand)) return "image/heic"
    if (/^avi[fs]$/.test(brand)) return "image/avif"
  }
  return null
}

/**
 * What a chosen file is before it is decoded: "too_big" (over MAX_INPUT_BYTES), "not_image"
 * (neither its type nor its bytes say image), or "ok" (to be decoded; a file that says image
 * but does not decode is "broken", which only decoding shows).
 * @param {{size: number, type: string}} file
 * @param {Uint8Array} head its first bytes
 * @returns {"ok"|"too_big"|"not_image"}
 */
export const checkFile = (file, head) => {
  if (file.size > MAX_INPUT_BYTES) return "too_big"
  if (!sniffImage(head) && !/^image\//.test(file.type || "")) return "not_image"
  return "ok"
}

/**
 * Bytes as base64.
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export const toBase64 = (bytes) => {
  let text = ""
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(text)
}

/**
 * Base64 back to bytes, or null when the text is not base64.
 * @param {unknown} text
 * @returns {Uint8Array|null}
 */
export const fromBase64 = (text) => {
  if (typeof text !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4) return null
  try {
    const raw = atob(text)
    const bytes = new Uint8Array(raw.length)
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i)
    return bytes
  } catch (err) {
    return null
  }
}

/**
 * A new random photo id ("photo-" and 16 hex digits).
 * @returns {string}
 */
export const newPhotoId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return "photo-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
}

/**
 * A photo reference with its keys in the export's order (and nothing else).
 * @param {object} photo
 * @returns {{id: string, step: string, taken_at: string, mime: string, width: number, height: number, bytes: number}}
 */
export const photoRef = (photo) => Object.fromEntries(REF_KEYS.map((k) => [k, photo[k]]))

/**
 * The run's photo references (none for a run made before photos existed).
 * @param {object} run
 * @returns {object[]}
 */
export const photosOf = (run) => (Array.isArray(run.photos) ? run.photos : [])

/**
 * The photos of one step, in the order taken.
 * @param {object} run
 * @param {string} stepId
 * @returns {object[]}
 */
export const stepPhotos = (run, stepId) => photosOf(run).filter((p) => p.step === stepId)

/**
 * A photo's file name in the exports (text, CSV, the JSON's photos).
 * @param {{id: string}} photo
 * @returns {string}
 */
export const photoFileName = (photo) => photo.id + ".jpg"

/**
 * The steps whose procedure requires a photo and that would have none if the run were
 * finished now: steps on the path (done or not done), off-path steps excepted. Each with its
 * number (1-based), as undoneIfFinished names undone steps.
 * @param {object} run
 * @returns {Array<{number: number, step: object}>}
 */
export function missingPhotos(run) {
  const { states } = stepStates(run, true)
  return run.steps.map((step, i) => ({ number: i + 1, step }))
    .filter(({ step }) => step.photo && step.photo.need === "required" &&
      (states[step.id] === "done" || states[step.id] === "not_done") && !stepPhotos(run, step.id).length)
}

/**
 * Whether a value is a photo reference as a run keeps it.
 * @param {unknown} p
 * @returns {boolean}
 */
export const isPhotoRef = (p) => Boolean(p && typeof p === "object" && typeof p.id === "string" &&
  /^[\w-]{1,80}$/.test(p.id) && typeof p.step === "string" && typeof p.taken_at === "string" &&
  p.mime === PHOTO_MIME && [p.width, p.height, p.bytes].every((n) => Number.isInteger(n) && n > 0))

/**
 * A run for the JSON export: each photo reference with its image (`data`, base64), its keys
 * in a fixed order. `images` maps a photo id to its bytes; a photo whose image is not there
 * (lost by the browser) is exported with `data: null`, never silently dropped.
 * @param {object} run
 * @param {Map<string, Uint8Array>} images
 * @returns {object}
 */
export const withPhotoData = (run, images) => {
  if (!Array.isArray(run.photos)) return run
  return {
    ...run,
    photos: run.photos.map((p) => ({ ...photoRef(p), data: images.has(p.id) ? toBase64(images.get(p.id)) : null }))
  }
}

/**
 * The photos of an imported run checked: the run with only references, the images to store,
 * and the photos left out as damaged (no data, not base64, a length other than `bytes`, not a
 * JPEG), each with its step's number.
 * @param {object} run as read from the file (photos with `data`)
 * @returns {{run: object, images: Map<string, Uint8Array>, damaged: Array<{number: number, photo: object}>}}
 */
export function takePhotoData(run) {
  const images = new Map()
  const damaged = []
  if (run.photos === undefined) return { run, images, damaged }
  const kept = []
  const list = Array.isArray(run.photos) ? run.photos : []
  list.forEach((p) => {
    const number = run.steps.findIndex((s) => s && p && s.id === p.step) + 1
    const bytes = p && fromBase64(p.data)
    const ok = isPhotoRef(p) && number > 0 && bytes && bytes.length === p.bytes && sniffImage(bytes) === PHOTO_MIME
    if (!ok) {
      damaged.push({ number, photo: p && typeof p === "object" ? p : { id: "?" } })
      return
    }
    images.set(p.id, bytes)
    kept.push(photoRef(p))
  })
  return { run: { ...run, photos: kept }, images, damaged }
}
