// The JS side of tests/twins/test_twins.py: reads the cases the Python side prepared (a JSON
// file named on the command line), runs them through the site's own modules (result-code.js,
// class-results.js from overrides/assets/javascripts, the files the build copies into site/
// unchanged) and prints the answers as JSON.
import { readFileSync } from "node:fs"
import { pathToFileURL } from "node:url"

const input = JSON.parse(readFileSync(process.argv[2], "utf-8"))
const load = (name) => import(pathToFileURL(`${input.site_js}/${name}`).href)
const codes = await load("result-code.js")
const classes = await load("class-results.js")

const attempt = (fn) => {
  try {
    return { ok: fn() }
  } catch (err) {
    if (err instanceof codes.CodeError) return { error: err.key, values: err.values }
    throw err
  }
}

const out = {
  names: input.names.map((n) => attempt(() => codes.cleanName(n))),
  csv: input.csv_cells.map((c) => classes.csvCell(c)),
  codes: input.encode.map((e) => attempt(() => codes.encode(input.banks[e.bank], input.version, e.lang, e.seed, e.count,
    e.sections, e.types, e.responses, e.name, e.pool, e.attempt, e.minute))),
  decoded: input.decode.map((d) => attempt(() => {
    const h = codes.decode(d.line, input.banks[d.bank], input.version)
    return { lang: h.lang, pool: h.pool, seed: h.seed, count: h.count, sections: h.sections, types: h.types,
             attempt: h.attempt, minute: h.minute, numbers: h.numbers, name: h.name, bank: h.bank }
  })),
  reports: input.reports.map((r) => {
    const rep = classes.report(r.text, input.banks[r.bank], input.version, input.words[r.lang],
                               (q) => input.base + q.clause, r.counting)
    return { report: rep, csv: rep.questions ? classes.csvText(rep, input.words[r.lang]) : null }
  }),
}
process.stdout.write(JSON.stringify(out))
