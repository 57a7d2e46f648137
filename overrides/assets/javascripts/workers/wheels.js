// Wheels on sys.path, as the rules worker (rules-worker.js) and the Node check
// (hooks/pyodide/node_check.mjs) both install them: the same closure of pyodide-lock.json,
// each wheel put on sys.path as it is (zipimport; its modules are compiled to .pyc at build
// time): nothing unpacked, nothing compiled. Pyodide's loadPackage is not used: a memory
// snapshot cannot be made after it, and its unpacking needs modules (tarfile) that the
// shipped standard library leaves out.

/**
 * The lock entries loadPackage(name) would install: name and its dependencies, recursively.
 * @param {{packages: Object<string, {depends: string[]}>}} lock pyodide-lock.json, parsed
 * @param {string} name
 * @returns {Array<Object>} throws when the lock lacks one of them
 */
export function closure(lock, name) {
  const canonical = (n) => n.toLowerCase().replace(/[-_.]+/g, "-")
  const found = new Map()
  const todo = [name]
  while (todo.length) {
    const key = canonical(todo.pop())
    if (found.has(key)) continue
    const entry = lock.packages[key]
    if (!entry) throw new Error(`pyodide-lock.json has no package ${key}`)
    found.set(key, entry)
    todo.push(...entry.depends)
  }
  return [...found.values()]
}

/**
 * Writes each [file name, bytes] into site-packages (so a snapshot carries them with the
 * rest of it) and puts it at the front of sys.path, after the script's own directory.
 * @param {Object} pyodide the loaded runtime
 * @param {string} sitePackages its site-packages folder
 * @param {Array<[string, Uint8Array]>} files
 */
export function putOnPath(pyodide, sitePackages, files) {
  const paths = files.map(([fileName, data]) => {
    pyodide.FS.writeFile(sitePackages + "/" + fileName, data)
    return sitePackages + "/" + fileName
  })
  pyodide.runPython(`import importlib, sys; sys.path[1:1] = ${JSON.stringify(paths)}; importlib.invalidate_caches()`)
}
