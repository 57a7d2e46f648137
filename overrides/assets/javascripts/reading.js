// A handbook section counts as read once its end has been on screen (loaded by
// overrides/main.html on section pages). Kept in this browser only, in localStorage
// "service-norms:read": {section id: first time read}; the study page (study.js) shows it.
var READ_KEY = "service-norms:read" // study.js reads it

var article = document.querySelector(".md-content__inner")
var meta = document.querySelector('meta[name="handbook-section"]')
var section = meta && meta.content
if (article && section && "IntersectionObserver" in window) {
  var end = document.createElement("div")
  end.className = "hb-read-end"
  end.setAttribute("aria-hidden", "true")
  article.appendChild(end)
  var seen = new IntersectionObserver(function (entries) {
    if (!entries.some(function (e) { return e.isIntersecting })) return
    seen.disconnect()
    try {
      var read = JSON.parse(localStorage.getItem(READ_KEY) || "{}") || {}
      if (!read[section]) {
        read[section] = new Date().toISOString()
        localStorage.setItem(READ_KEY, JSON.stringify(read))
      }
    } catch (err) { /* storage refused: nothing to keep */ }
  })
  seen.observe(end)
}
