// The quiz's seeded draw: mulberry32 and the Fisher–Yates shuffle of handbook/quiz.py, bit
// for bit, so a trainer's link, every trainee's page and `python -m handbook quiz-export
// --seed N` hold the same questions in the same order (tests/browser/test_quiz_in_browser.py
// compares the two).
export function mulberry32(seed) {
  var a = seed >>> 0
  return function () {
    a = (a + 0x6D2B79F5) >>> 0
    var t = Math.imul(a ^ (a >>> 15), a | 1)
    t = ((t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t) >>> 0
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function shuffled(items, rng) {
  var out = items.slice()
  for (var i = out.length - 1; i > 0; i--) {
    var j = Math.floor(rng() * (i + 1))
    var tmp = out[i]; out[i] = out[j]; out[j] = tmp
  }
  return out
}

export function drawExam(bank, seed, sections, count, types) {
  var rng = mulberry32(seed)
  var pool = bank.slice().sort(function (a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0 })
    .filter(function (q) {
      return (!sections.length || sections.indexOf(q.section) >= 0) && (!types.length || types.indexOf(q.type) >= 0)
    })
  var picked = shuffled(pool, rng).slice(0, count || pool.length)
  return picked.map(function (q) {
    var n = (q.options || q.items || []).length
    var idx = []
    for (var k = 0; k < n; k++) idx.push(k)
    return { q: q, order: shuffled(idx, rng) }
  })
}

window.__quizDraw = drawExam // for the parity test with handbook.quiz.draw_exam
