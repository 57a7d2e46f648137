// The quiz's seeded draw: mulberry32 and the Fisher–Yates shuffle of handbook/quiz.py, bit
// for bit, so a trainer's link, every trainee's page and `python -m handbook quiz-export
// --seed N` hold the same questions in the same order (tests/browser/test_quiz_in_browser.py
// compares the two).
/**
 * handbook.quiz.mulberry32: a generator of numbers in [0, 1) from a 32-bit seed.
 * @param {number} seed
 * @returns {() => number}
 */
export function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t = ((t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t) >>> 0
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A shuffled copy of `items` (Fisher–Yates from the end, as handbook.quiz.shuffled).
 * @template T
 * @param {T[]} items
 * @param {() => number} rng
 * @returns {T[]}
 */
export function shuffled(items, rng) {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

export const TYPES = ["single", "multiple", "true_false", "ordering", "scenario"]  // handbook.quiz.TYPES
export const POOLS = ["study", "exam"]  // handbook.quiz.POOLS

/** The questions an exam draws from: one pool, filtered by sections and types (null: all). */
export const drawnFrom = (bank, sections, types, pool = "study") =>
  bank.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .filter((q) => (q.pool || "study") === pool && (sections === null || sections.includes(q.section)) &&
                   (types === null || types.includes(q.type)))

/**
 * The exam for a seed, as handbook.quiz.draw_exam draws it: [{q, order}].
 * sections / types: lists to draw from, or null for all (an empty list draws nothing).
 */
export function drawExam(bank, seed, sections, count, types, pool = "study") {
  const rng = mulberry32(seed)
  const from = drawnFrom(bank, sections, types, pool)
  const picked = shuffled(from, rng).slice(0, count || from.length)
  return picked.map((q) => {
    const n = (q.options || q.items || []).length
    return { q, order: shuffled([...Array(n).keys()], rng) }
  })
}

/**
 * The exam link's query (pool, seed, count, sections, types) checked against the bank: {pool,
 * seed, count, sections, types} (null: all), or {error: label key under quiz.trainer, value}.
 * The seed is a whole number 1 … 2147483647 (handbook.quiz.check_seed): `abc`, `0` or `-1` is
 * an error, not some other exam; an empty `sections=` or `types=` means none, so no question
 * matches; a count above the questions that match is an error (the link was not made here).
 * @param {URLSearchParams} query
 * @param {Array<Object>} bank
 */
export function examParams(query, bank) {
  const pool = query.get("pool") === null ? "study" : query.get("pool")
  if (!POOLS.includes(pool)) return { error: "bad_pool", value: pool }
  const seedText = query.get("seed")
  if (!/^[0-9]+$/.test(seedText) || Number(seedText) < 1 || Number(seedText) > 2147483647) {
    return { error: "bad_seed", value: seedText }
  }
  const countText = query.get("count")
  if (countText !== null && countText !== "" && (!/^[0-9]+$/.test(countText) || Number(countText) < 1)) {
    return { error: "bad_count", value: countText }
  }
  const known = new Set(bank.map((q) => q.section))
  const list = (name, allowed) => {
    const text = query.get(name)
    if (text === null) return { value: null }
    const values = text.split(",").filter(Boolean)
    const bad = values.find((v) => !allowed(v))
    return bad === undefined ? { value: values } : { bad }
  }
  const sections = list("sections", (s) => known.has(s))
  if (sections.bad !== undefined) return { error: "bad_section", value: sections.bad }
  const types = list("types", (t) => TYPES.includes(t))
  if (types.bad !== undefined) return { error: "bad_type", value: types.bad }
  const available = drawnFrom(bank, sections.value, types.value, pool).length
  if (countText && available && Number(countText) > available) return { error: "bad_count_pool", value: countText, max: available }
  return { pool, seed: Number(seedText), count: countText ? Number(countText) : 0, sections: sections.value,
           types: types.value }
}
