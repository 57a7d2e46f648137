// A handbook section counts as read once its end has been on screen (loaded by
// overrides/main.html on section pages). Kept in this browser only, in localStorage
// "service-norms:read": {section id: {at: first time read, edition: the edition of the text
// read}}; the study page and the home page (since-read.js) show what changed since.
import { READ_KEY, readRecords } from "./since-read.js"

const article = document.querySelector(".md-content__inner")
const section = document.querySelector('meta[name="handbook-section"]')?.content
const edition = document.querySelector('meta[name="handbook-edition"]')?.content || ""

if (article && section && "IntersectionObserver" in window) {
  const end = document.createElement("div")
  end.className = "hb-read-end"
  end.setAttribute("aria-hidden", "true")
  article.appendChild(end)
  const seen = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return
    seen.disconnect()
    try {
      const read = readRecords(null)
      // Read again in a later edition: the section is read for this text from now on.
      if (!read[section] || read[section].edition !== edition) {
        read[section] = { at: new Date().toISOString(), edition }
        localStorage.setItem(READ_KEY, JSON.stringify(read))
      }
    } catch (err) { /* storage refused: nothing to keep */ }
  })
  seen.observe(end)
}
