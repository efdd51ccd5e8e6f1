'use strict'
// Applies the Java codec's outputs with the real yjs and reports whether the documents come out as expected.
//
//   node check.js --cases DIR --java DIR --report FILE
//
// For every case: a fresh doc given Java's merge of all updates (and Java's merge of merges) must hold the expected
// content, or the content yjs reaches from its own merge of the same input, and the expected state vector, with
// nothing left pending; so must a doc restored from each snapshot and given Java's diff against the snapshot's
// state vector. Java's state vector of its merge must be the one yjs computes from it.

const fs = require('fs')
const path = require('path')
const Y = require('yjs')
const { snapshot } = require('./snapshot.js')

const args = {}
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1]
}
const bytes = s => new Uint8Array(Buffer.from(s, 'base64'))
const hex = u => Buffer.from(u).toString('hex')

const firstDifference = (actual, expected) => {
  let i = 0
  while (i < actual.length && actual[i] === expected[i]) i++
  return `at ${i}: got …${actual.slice(Math.max(0, i - 60), i + 60)}… expected …${expected.slice(Math.max(0, i - 60), i + 60)}…`
}

// yjs replaces a surrogate pair cut in two by U+FFFD on both sides (yjs issue 248), but only in a doc that makes
// the cut itself: one that received the pair already garbage-collected around the cut keeps it whole. Docs given
// the same updates in another form can therefore differ exactly there, yjs's own merges included. Elsewhere the
// comparison is exact.
let lenient = 0
const sameString = (a, b) => {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const wildcard = (p, q) => p === 0xfffd && q >= 0xd800 && q <= 0xdfff
    if (!wildcard(x, y) && !wildcard(y, x)) return false
  }
  lenient++
  return true
}
const sameValue = (a, b) => {
  if (typeof a === 'string' && typeof b === 'string') return sameString(a, b)
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k, i) => sameString(k, kb[i]) && sameValue(a[k], b[kb[i]]))
}

const failures = []
let checks = 0
const fail = (c, check, detail) => failures.push({ case: c.index, check, detail })

const apply = updates => {
  const doc = new Y.Doc()
  updates.forEach(u => Y.applyUpdate(doc, u))
  return doc
}

// Applies Java's updates to a fresh doc. Its content must be the expected one (a fresh doc given every update one
// by one), or the one yjs reaches when it combines the same updates with its own function (`yjsAnalog`): yjs does
// not always converge on text formatting and cut surrogate pairs when structs arrive in different forms and orders,
// and Java cannot be asked to agree with yjs more than yjs agrees with itself. The state vector must be exact.
let yjsDisagrees = 0
const expectDoc = (c, check, updates, yjsAnalog) => {
  checks++
  let doc
  try {
    doc = apply(updates)
  } catch (e) {
    fail(c, check, 'yjs could not apply it: ' + e)
    return
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    fail(c, check, 'structs or deletions left pending (missing dependencies)')
  }
  const content = JSON.stringify(snapshot(doc))
  if (content !== c.expected && !sameValue(JSON.parse(content), JSON.parse(c.expected))) {
    const analog = JSON.stringify(snapshot(apply(yjsAnalog)))
    if (analog !== c.expected && !sameValue(JSON.parse(analog), JSON.parse(c.expected))) yjsDisagrees++
    if (content !== analog && !sameValue(JSON.parse(content), JSON.parse(analog))) {
      fail(c, check, 'content differs ' + firstDifference(content, c.expected))
    }
  }
  const sv = hex(Y.encodeStateVector(doc))
  const expectedSv = hex(bytes(c.expectedStateVector))
  if (sv !== expectedSv) fail(c, check, `state vector ${sv}, expected ${expectedSv}`)
}

const caseFiles = fs.readdirSync(args.cases).filter(f => f.endsWith('.json')).sort()
let cases = 0
for (const file of caseFiles) {
  const c = JSON.parse(fs.readFileSync(path.join(args.cases, file), 'utf8'))
  const javaFile = path.join(args.java, file)
  if (!fs.existsSync(javaFile)) {
    fail(c, 'java output', 'missing ' + javaFile)
    continue
  }
  const j = JSON.parse(fs.readFileSync(javaFile, 'utf8'))
  cases++
  const merged = bytes(j.merged)
  const yjsMerged = bytes(c.yjsMerged)
  expectDoc(c, 'merge of all updates', [merged], [yjsMerged])
  expectDoc(c, 'merge of chunk merges', [bytes(j.mergedOfChunks)], [bytes(c.yjsMergeOfChunks)])
  expectDoc(c, 'chunk merges applied one by one', j.chunkMerges.map(bytes).reverse(), c.yjsChunkMerges.map(bytes).reverse())
  j.diffs.forEach((d, i) => {
    const s = c.snapshots[d.snapshot]
    const yjsDiff = Y.diffUpdate(yjsMerged, bytes(s.stateVector))
    expectDoc(c, `diff against snapshot ${i}`, [bytes(s.state), bytes(d.update)], [bytes(s.state), yjsDiff])
  })
  checks++
  const yjsSv = hex(Y.encodeStateVectorFromUpdate(merged))
  if (hex(bytes(j.mergedStateVector)) !== yjsSv) {
    fail(c, 'state vector of the merge', `java ${hex(bytes(j.mergedStateVector))}, yjs ${yjsSv}`)
  }
}

const report = { cases, checks, lenient, yjsDisagrees, failures }
fs.writeFileSync(args.report, JSON.stringify(report, null, 1))
process.stdout.write(`${cases} cases, ${checks} checks, ${failures.length} failures; ${lenient} strings matched ` +
  `only up to U+FFFD for a cut surrogate pair; ${yjsDisagrees} times yjs's own function gave other content\n`)
