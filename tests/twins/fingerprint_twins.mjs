// The JS side of tests/twins/test_fingerprint_twins.py: reads the runs the Python side wrote (a
// JSON file named on the command line), and prints, from the site's own modules, each
// run's canonical form and fingerprint, and a records file exported by run-record.js.
import { readFileSync } from "node:fs"
import { pathToFileURL } from "node:url"

const input = JSON.parse(readFileSync(process.argv[2], "utf-8"))
const load = (name) => import(pathToFileURL(`${input.site_js}/${name}`).href)
const prints = await load("record-fingerprint.js")
const records = await load("run-record.js")

const out = {
  canonical: input.values.map((v) => prints.canonicalJson(v)),
  fingerprints: await Promise.all(input.runs.map((r) => prints.fingerprint(r))),
  exported: await records.asJson(input.runs),
}
process.stdout.write(JSON.stringify(out))
