// A job record's fingerprint: SHA-256 of its content, so the office can tell whether an
// exported file was changed after it left the phone. Pure (no DOM): tested under Node in
// tests/js/, twinned by handbook/record_fingerprint.py (tests/twins/).
//
// The definition (README, "Job records"): the run object as the JSON export holds it, without
// the fields an export works out (EXPORT_ONLY: `fingerprint` itself and `step_states`),
// serialised as canonical JSON — object keys sorted by their UTF-16 code units, no whitespace,
// strings and numbers exactly as JSON.stringify writes them (only ", \ and control characters
// escaped, so Chinese stays as it is; integers without a fraction), keys whose value is
// undefined left out — encoded as UTF-8, hashed with SHA-256, written "sha256:" + 64 lowercase
// hex digits. Everything else the run holds is covered: ticks, answers, notes, the steps as
// they were, the sign-off with its signature image, photos, where an imported copy came from.
//
// What it proves, and what not: the file is unchanged since it was exported (an accidental
// edit, a damaged transfer, a naive change). It proves nobody's identity: anyone who edits a
// file can compute a new fingerprint for it (the page and SECURITY.md say so).

/** Fields of an exported run that the export works out; left out of the fingerprint. */
export const EXPORT_ONLY = Object.freeze(["fingerprint", "step_states"])

/**
 * A value as canonical JSON (sorted keys, no whitespace; see the header).
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new TypeError("not a finite number: " + value)
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return "[" + value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",") + "]"
  const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort()
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonicalJson(value[k])).join(",") + "}"
}

/**
 * The part of an exported run its fingerprint covers: the run without EXPORT_ONLY fields.
 * @param {object} run
 * @returns {object}
 */
export const fingerprinted = (run) => Object.fromEntries(Object.entries(run).filter(([k]) => !EXPORT_ONLY.includes(k)))

/**
 * SHA-256 of bytes as lowercase hex: the browser's crypto.subtle where the page has it (https,
 * localhost), else this module's own (a page served over plain http has no crypto.subtle).
 * @param {Uint8Array} bytes
 * @returns {Promise<string>}
 */
export async function sha256Hex(bytes) {
  const subtle = globalThis.crypto && globalThis.crypto.subtle
  const digest = subtle ? new Uint8Array(await subtle.digest("SHA-256", bytes)) : sha256(bytes)
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")
}

/**
 * A run's fingerprint: "sha256:" and 64 hex digits.
 * @param {object} run an exported (or stored) run
 * @returns {Promise<string>}
 */
export const fingerprint = async (run) =>
  "sha256:" + (await sha256Hex(new TextEncoder().encode(canonicalJson(fingerprinted(run)))))

/**
 * Whether a run read from a file is as it was exported: "matches", "changed" (its content no
 * longer gives its fingerprint), or "none" (a file from before fingerprints, or one whose
 * fingerprint was taken out).
 * @param {object} run
 * @returns {Promise<"matches"|"changed"|"none">}
 */
export async function checkFingerprint(run) {
  if (typeof run.fingerprint !== "string" || !run.fingerprint) return "none"
  return (await fingerprint(run)) === run.fingerprint ? "matches" : "changed"
}

// SHA-256 (FIPS 180-4) for pages without crypto.subtle; tests/js holds it equal to Node's.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2])

/**
 * SHA-256 of bytes, in plain JavaScript.
 * @param {Uint8Array} bytes
 * @returns {Uint8Array} the 32-byte digest
 */
export function sha256(bytes) {
  const length = bytes.length
  const blocks = Math.ceil((length + 9) / 64)
  const data = new Uint8Array(blocks * 64)
  data.set(bytes)
  data[length] = 0x80
  const view = new DataView(data.buffer)
  view.setUint32(data.length - 8, Math.floor(length / 0x20000000)) // the length in bits, high word
  view.setUint32(data.length - 4, (length * 8) >>> 0)
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19])
  const w = new Uint32Array(64)
  const rotr = (x, n) => (x >>> n) | (x << (32 - n))
  for (let block = 0; block < blocks; block++) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block * 64 + i * 4)
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3)
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10)
      w[i] = w[i - 16] + s0 + w[i - 7] + s1
    }
    let [a, b, c, d, e, f, g, hh] = h
    for (let i = 0; i < 64; i++) {
      const t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]
      const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))
      hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh
  }
  const out = new Uint8Array(32)
  const outView = new DataView(out.buffer)
  h.forEach((v, i) => outView.setUint32(i * 4, v))
  return out
}
