// After the content of a page with a calculator (overrides/main.html): a calculator already on
// screen as the page loads starts Python now (rules-starter.js's hbRulesWorker). A file, not an
// inline script: the Content-Security-Policy allows none (SECURITY.md).
"use strict"
{
  const form = document.querySelector("form.hb-widget")
  if (form && form.getBoundingClientRect().top < innerHeight + 200) window.hbRulesWorker()
}
