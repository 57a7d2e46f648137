// Material's inline partials/javascripts/content.html, as a module (no inline script under the
// Content-Security-Policy, SECURITY.md): a link to a content tab (#__tabbed_…) selects it.
const target = document.getElementById(location.hash.slice(1))
if (target && target.name) target.checked = target.name.startsWith("__tabbed_")
