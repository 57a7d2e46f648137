// Material's page globals, set before its bundle runs: the code of Material's inline
// partials/javascripts/base.html, served as a file so that the Content-Security-Policy needs
// no 'unsafe-inline' (SECURITY.md). Material scopes its localStorage keys by the site's root;
// this file is two folders below it (assets/javascripts/), so the root is found from its own
// address, on every page at any depth and under any path the site is served at.
"use strict"
/* eslint-disable no-var -- globals Material's bundle reads */
var __md_scope = new URL("../..", document.currentScript.src)
var __md_hash = (text) => [...text].reduce((hash, char) => (hash << 5) - hash + char.charCodeAt(0), 0)
var __md_get = (key, storage = localStorage, scope = __md_scope) =>
  JSON.parse(storage.getItem(scope.pathname + "." + key))
var __md_set = (key, value, storage = localStorage, scope = __md_scope) => {
  try {
    storage.setItem(scope.pathname + "." + key, JSON.stringify(value))
  } catch (err) {
    // storage full or refused: Material's preferences are a convenience, never an error
  }
}
