// Writes site/sw.js: a Workbox service worker that precaches the whole built site, so
// after one visit every page, the search, the checklists and the calculators (Pyodide and
// the rules wheels) work with the network off.
//
// Versioned per build: each precached file carries a content hash, so a build that changes
// anything gives a new sw.js; the browser installs it, and cleanupOutdatedCaches drops
// the old precache. The Workbox runtime is inlined into sw.js: nothing comes from a CDN.
//
//   node hooks/build_sw.mjs <site dir>
import { generateSW } from "workbox-build"

const site = process.argv[2]
if (!site) {
  console.error("usage: node hooks/build_sw.mjs <site dir>")
  process.exit(2)
}

const { count, size, warnings } = await generateSW({
  globDirectory: site,
  globPatterns: ["**/*.{html,css,js,mjs,json,wasm,zip,whl,svg,png,ico,webmanifest,woff2}"],
  // Precompressed twins are the server's business; the worker itself is never precached.
  globIgnores: ["**/*.gz", "sw.js", "**/sitemap.xml*"],
  swDest: `${site}/sw.js`,
  // Pyodide's runtime is 9.6 MB in one file.
  maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
  // /conduct/telephone/ is served from conduct/telephone/index.html.
  directoryIndex: "index.html",
  // Quiz links (?seed=…) and the search worker (?worker=…) are the same files.
  ignoreURLParametersMatching: [/.*/],
  cleanupOutdatedCaches: true,
  clientsClaim: true,
  skipWaiting: true,
  inlineWorkboxRuntime: true,
  sourcemap: false,
  mode: "production",
})
for (const w of warnings) console.warn("build_sw: " + w)
console.log(`build_sw: precaching ${count} files, ${(size / 1e6).toFixed(1)} MB`)
