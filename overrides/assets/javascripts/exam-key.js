// The exam pool's key on the trainer page, as handbook/exam_key.py reads it: a file from the
// trainer's own disk (the build writes exam-keys/key-<bank version>.json apart from site/),
// checked, kept in this browser's storage, and put into the exam-pool questions the page
// serves without it. No DOM here; quiz-trainer.js shows the state.

export const FORMAT = "service-norms-exam-key"
export const FORMAT_VERSION = 1
const STORE_KEY = "service-norms:exam-key"

/** An error with the key of its message under quiz.trainer and the values for it. */
export class KeyError extends Error {
  constructor(key, values = {}) {
    super(key)
    this.key = key
    this.values = values
  }
}

/** A key file's text, checked against the page's bank version; throws KeyError. */
export function parseKey(text, version) {
  let data
  try { data = JSON.parse(text.replace(/^\ufeff/, "")) } catch (err) { throw new KeyError("key_not_a_key") }
  if (!data || data.format !== FORMAT || data.format_version !== FORMAT_VERSION || typeof data.bank !== "string" ||
      !data.questions || typeof data.questions !== "object") throw new KeyError("key_not_a_key")
  if (data.bank !== version) throw new KeyError("key_other_bank", { key: data.bank, page: version })
  return data
}

/** The served bank with the key put back into its exam-pool questions (exam_key.with_key). */
export function withKey(bank, key, lang) {
  return bank.map((q) => {
    if (q.pool !== "exam") return q
    const entry = key.questions[q.id]
    if (!entry) throw new KeyError("key_not_a_key")
    const out = Object.assign({}, q, { explanation: entry.explanation[lang] })
    if (q.type === "true_false") out.answer = entry.answer
    else {
      if (!entry.correct || entry.correct.length !== q.options.length) throw new KeyError("key_not_a_key")
      out.options = q.options.map((o, i) => Object.assign({}, o, { correct: entry.correct[i] }))
    }
    return out
  })
}

/** The key kept in this browser for this bank version, or null. */
export function storedKey(store, version) {
  if (!store) return null
  const text = store.getItem(STORE_KEY)
  if (!text) return null
  try { return parseKey(text, version) } catch (err) { return null }
}

/** Keep a checked key's text in this browser (false when the browser keeps nothing). */
export function keepKey(store, text) {
  if (!store) return false
  try { store.setItem(STORE_KEY, text); return true } catch (err) { return false }
}

/** Forget the key kept in this browser (the trainer's "Forget the key"). */
export function forgetKey(store) {
  if (store) store.removeItem(STORE_KEY)
}
