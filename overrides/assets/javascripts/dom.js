// The helpers every page module builds its elements with, kept once here instead of a copy
// in each (checklist.js, run-record.js, runs-page.js, study.js, rules-widget.js, quiz.js and
// its trainer and self-test, class-results.js), and the one that saves a file. Nothing runs
// on import, so a module that builds no elements (class-results.js) may take fill from here
// as well.

/**
 * A new element: `classOrAttrs` is a class name (a string; "" for none) or an object of
 * attributes ({class: …, type: …}); `text`, when given, is set as text, so the reader's own
 * labels and notes are never parsed as HTML.
 * @param {string} tag
 * @param {string|Object<string, string>} [classOrAttrs]
 * @param {string} [text]
 * @returns {HTMLElement}
 */
export function el(tag, classOrAttrs, text) {
  const node = document.createElement(tag)
  if (typeof classOrAttrs === "string") {
    if (classOrAttrs) node.className = classOrAttrs
  } else if (classOrAttrs) {
    for (const [k, v] of Object.entries(classOrAttrs)) node.setAttribute(k, v)
  }
  if (text !== undefined) node.textContent = text
  return node
}

/**
 * The page's words (data-labels, from data/labels.yml) with their {name} placeholders filled
 * in. A placeholder without a value stays as it is, as handbook/class_results.py's _fill
 * leaves it (class-results.js matches that Python text for text).
 * @param {string} template
 * @param {Object<string, *>} values
 * @returns {string}
 */
export const fill = (template, values) =>
  template.replace(/\{(\w+)\}/g, (all, k) => (k in values ? String(values[k]) : all))

/**
 * Bytes in MB with one decimal, as every size the site states is written (the offline box's,
 * the calculators'): the same bytes give the same figure everywhere.
 * @param {number} bytes
 * @param {number} [atLeast] a size is never said as 0.0 MB; a count of progress may be (0)
 * @returns {string}
 */
export function megabytes(bytes, atLeast = 0.05e6) {
  return (Math.max(bytes, atLeast) / 1e6).toFixed(1)
}

/**
 * `text` saved by the browser as the file `name` (MIME `type`), as a download link the reader
 * clicked would. The object URL is let go a minute later, long after the browser has the file.
 * @param {string} name
 * @param {string} type
 * @param {string} text
 */
export function saveFile(name, type, text) {
  const a = el("a")
  a.href = URL.createObjectURL(new Blob([text], { type }))
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 60000)
}
