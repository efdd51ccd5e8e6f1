'use strict'
// Produces random Yjs edit histories with the real yjs, as JSON cases for the Java codec tests.
//
//   node generate.js --seed N --cases N --out DIR
//
// Each case: several docs (clients) edit Text, Map, Array and XML types, exchange updates partially, repeatedly
// and out of order, and every message that travelled is kept. The expected content is what a fresh doc holds after
// applying all of them with yjs; yjs's own mergeUpdates / diffUpdate / encodeStateVectorFromUpdate results are
// recorded for byte-for-byte comparison.

const fs = require('fs')
const path = require('path')
const Y = require('yjs')
const prng = require('lib0/prng')
const encoding = require('lib0/encoding')
const { snapshot } = require('./snapshot.js')

const args = {}
for (let i = 2; i < process.argv.length; i += 2) {
  args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1]
}
const seed = Number(args.seed || 1)
const caseCount = Number(args.cases || 20)
const out = args.out || 'cases'
fs.mkdirSync(out, { recursive: true })

const b64 = u => Buffer.from(u).toString('base64')

// Text pieces: ASCII, accents, CJK, emoji (astral, with modifiers and ZWJ), combining marks.
const PIECES = ['a', 'b', 'hello ', 'é', 'ß', '中文', '😀', '👍🏽', '👨‍👩‍👧', '𝄞', 'x̃', ' ', '\n', 'Ω', '🇫🇷', 'abc😀def', '"quoted"']
const KEYS = ['a', 'b', 'c', 'title', 'ключ', '😀key', 'n']

const pick = (gen, arr) => arr[prng.uint32(gen, 0, arr.length - 1)]
const chance = (gen, p) => prng.real53(gen) < p

const randomText = gen => {
  let s = ''
  const n = prng.uint32(gen, 1, 4)
  for (let i = 0; i < n; i++) s += pick(gen, PIECES)
  return s
}

const randomAttrs = gen => {
  switch (prng.uint32(gen, 0, 5)) {
    case 0: return { bold: true }
    case 1: return { italic: true, color: '#c00' }
    case 2: return { link: { href: 'https://example.org/' + prng.uint32(gen, 0, 99) } }
    case 3: return { bold: null }
    default: return undefined
  }
}

const randomPlain = (gen, depth = 0) => {
  switch (prng.uint32(gen, 0, depth > 1 ? 6 : 8)) {
    case 0: return prng.int32(gen, -100000, 100000)
    case 1: return prng.real53(gen) * 1000 - 500
    case 2: return randomText(gen)
    case 3: return chance(gen, 0.5)
    case 4: return null
    case 5: return pick(gen, [2 ** 40 + 3, -(2 ** 33), 1.5, 0.1, -0, 2147483647, -2147483648, 2147483648])
    case 6: return pick(gen, ['', 'plain', '😀'])
    case 7: {
      const o = {}
      const n = prng.uint32(gen, 0, 3)
      for (let i = 0; i < n; i++) o[pick(gen, KEYS)] = randomPlain(gen, depth + 1)
      return o
    }
    default: {
      const a = []
      const n = prng.uint32(gen, 0, 3)
      for (let i = 0; i < n; i++) a.push(randomPlain(gen, depth + 1))
      return a
    }
  }
}

const randomBytes = gen => {
  const n = prng.uint32(gen, 0, 40)
  const a = new Uint8Array(n)
  for (let i = 0; i < n; i++) a[i] = prng.uint32(gen, 0, 255)
  return a
}

// A new nested shared type, sometimes with content already in it.
const randomType = gen => {
  switch (prng.uint32(gen, 0, 2)) {
    case 0: {
      const m = new Y.Map()
      m.set('k', randomPlain(gen))
      return m
    }
    case 1: {
      const a = new Y.Array()
      a.insert(0, [randomPlain(gen), randomPlain(gen)])
      return a
    }
    default: {
      const t = new Y.Text()
      t.insert(0, randomText(gen))
      return t
    }
  }
}

// Every shared type reachable from the roots, so edits also land in types other clients created.
const collectTypes = doc => {
  const found = []
  const visit = t => {
    found.push(t)
    if (t instanceof Y.Map || t instanceof Y.XmlHook) {
      t.forEach(v => { if (v instanceof Y.AbstractType) visit(v) })
    } else if (t instanceof Y.Array || t instanceof Y.XmlFragment) {
      t.toArray().forEach(v => { if (v instanceof Y.AbstractType) visit(v) })
    }
  }
  visit(doc.getText('text'))
  visit(doc.getMap('map'))
  visit(doc.getArray('array'))
  visit(doc.getXmlFragment('xml'))
  return found
}

const editText = (gen, t) => {
  const len = t.length
  const r = prng.uint32(gen, 0, 9)
  if (r < 5 || len === 0) {
    // Any UTF-16 index, so inserts land inside surrogate pairs too.
    t.insert(prng.uint32(gen, 0, len), randomText(gen), randomAttrs(gen))
  } else if (r < 8) {
    const at = prng.uint32(gen, 0, len - 1)
    t.delete(at, prng.uint32(gen, 1, Math.min(len - at, 8)))
  } else if (r < 9) {
    const at = prng.uint32(gen, 0, len - 1)
    t.format(at, prng.uint32(gen, 1, len - at), randomAttrs(gen) || { bold: null })
  } else {
    t.insertEmbed(prng.uint32(gen, 0, len), { image: 'img-' + prng.uint32(gen, 0, 9) + '.png' })
  }
}

const editMap = (gen, m) => {
  const key = pick(gen, KEYS)
  const r = prng.uint32(gen, 0, 9)
  if (r < 5) {
    m.set(key, randomPlain(gen))
  } else if (r < 6) {
    m.set(key, randomBytes(gen))
  } else if (r < 8) {
    m.set(key, randomType(gen))
  } else if (r < 9 && !(m instanceof Y.XmlHook)) {
    m.set(key, chance(gen, 0.5) ? new Y.Doc() : new Y.Doc({ meta: { title: randomText(gen) } }))
  } else {
    m.delete(key)
  }
}

const editArray = (gen, a) => {
  const len = a.length
  const r = prng.uint32(gen, 0, 9)
  if (r < 4 || len === 0) {
    const items = []
    const n = prng.uint32(gen, 1, 4)
    for (let i = 0; i < n; i++) items.push(randomPlain(gen))
    a.insert(prng.uint32(gen, 0, len), items)
  } else if (r < 5) {
    a.insert(prng.uint32(gen, 0, len), [randomBytes(gen)])
  } else if (r < 7) {
    a.insert(prng.uint32(gen, 0, len), [randomType(gen)])
  } else {
    const at = prng.uint32(gen, 0, len - 1)
    a.delete(at, prng.uint32(gen, 1, Math.min(len - at, 4)))
  }
}

const editXml = (gen, f) => {
  const len = f.length
  const r = prng.uint32(gen, 0, 9)
  if (r < 4 || len === 0) {
    const el = new Y.XmlElement(pick(gen, ['p', 'h1', 'li', 'my-node']))
    el.setAttribute('class', pick(gen, ['a', 'b', 'ü']))
    const text = new Y.XmlText()
    text.insert(0, randomText(gen), randomAttrs(gen))
    el.insert(0, [text])
    f.insert(prng.uint32(gen, 0, len), [el])
  } else if (r < 5) {
    const text = new Y.XmlText()
    text.insert(0, randomText(gen))
    f.insert(prng.uint32(gen, 0, len), [text])
  } else if (r < 6) {
    const hook = new Y.XmlHook(pick(gen, ['embed', 'widget']))
    hook.set('src', randomText(gen))
    f.insert(prng.uint32(gen, 0, len), [hook])
  } else if (r < 8 && f instanceof Y.XmlElement) {
    f.setAttribute(pick(gen, ['class', 'id', 'title']), randomText(gen))
  } else {
    const at = prng.uint32(gen, 0, len - 1)
    f.delete(at, 1)
  }
}

const editSomething = (gen, doc) => {
  const types = collectTypes(doc)
  // Mostly the roots, sometimes a nested type (possibly created by another client).
  const t = chance(gen, 0.6) ? types[prng.uint32(gen, 0, 3)] : pick(gen, types)
  if (t instanceof Y.XmlText || t instanceof Y.Text) editText(gen, t)
  else if (t instanceof Y.XmlHook || t instanceof Y.Map) editMap(gen, t)
  else if (t instanceof Y.Array) editArray(gen, t)
  else if (t instanceof Y.XmlFragment) editXml(gen, t)
}

// A legacy update with ContentJSON (content kind 2), which current yjs reads but no longer writes.
const legacyJsonUpdate = client => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 1) // one client block
  encoding.writeVarUint(e, 2) // two structs
  encoding.writeVarUint(e, client)
  encoding.writeVarUint(e, 0) // first clock
  encoding.writeUint8(e, 2) // JSON content, parent written
  encoding.writeVarUint(e, 1) // parent is a root type
  encoding.writeVarString(e, 'array')
  encoding.writeVarUint(e, 4)
  for (const v of ['{"a":[1,2,{"b":null}]}', 'undefined', '"x😀"', '-1500.25']) encoding.writeVarString(e, v)
  encoding.writeUint8(e, 2 | 0x20) // JSON content in a map, with its key
  encoding.writeVarUint(e, 1)
  encoding.writeVarString(e, 'map')
  encoding.writeVarString(e, 'legacy')
  encoding.writeVarUint(e, 1)
  encoding.writeVarString(e, '{"legacy":true}')
  encoding.writeVarUint(e, 0) // empty delete set
  return encoding.toUint8Array(e)
}

const clientIds = (gen, n) => {
  const ids = new Set()
  while (ids.size < n) {
    switch (prng.uint32(gen, 0, 4)) {
      case 0: ids.add(prng.uint32(gen, 1, 1000)); break
      case 1: ids.add(Number.MAX_SAFE_INTEGER - prng.uint32(gen, 0, 1000)); break
      case 2: ids.add(2 ** 32 + prng.uint32(gen, 0, 2 ** 31)); break
      default: ids.add(prng.uint32(gen, 1, 2 ** 32 - 1))
    }
  }
  return [...ids]
}

const shuffle = (gen, arr) => {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = prng.uint32(gen, 0, i)
    const t = arr[i]
    arr[i] = arr[j]
    arr[j] = t
  }
  return arr
}

const makeCase = index => {
  const gen = prng.create(seed * 100003 + index)
  const big = index % 10 === 9
  const docCount = prng.uint32(gen, 2, 5)
  const ids = clientIds(gen, docCount)
  // Without garbage collection there are no GC structs, and yjs's merge order never depends on its sort algorithm.
  const gc = index % 3 !== 1
  const docs = ids.map(id => {
    const d = new Y.Doc({ gc })
    d.clientID = id
    return d
  })
  const pool = [] // every message that travelled, in the order it travelled
  const logs = docs.map(() => [])
  docs.forEach((d, i) => d.on('update', u => { logs[i].push(u); pool.push(u) }))
  const snapshots = []

  if (chance(gen, 0.5)) {
    const legacy = legacyJsonUpdate(424242 + index)
    pool.push(legacy)
    Y.applyUpdate(docs[0], legacy)
  }

  const steps = big ? 1500 : prng.uint32(gen, 10, 250)
  for (let step = 0; step < steps; step++) {
    const r = prng.real53(gen)
    const a = prng.uint32(gen, 0, docCount - 1)
    let b = prng.uint32(gen, 0, docCount - 1)
    if (b === a) b = (a + 1) % docCount
    if (r < 0.7) {
      // Sometimes several edits in one transaction.
      const n = chance(gen, 0.2) ? prng.uint32(gen, 2, 5) : 1
      docs[a].transact(() => { for (let i = 0; i < n; i++) editSomething(gen, docs[a]) })
    } else if (r < 0.8) {
      const diff = Y.encodeStateAsUpdate(docs[a], Y.encodeStateVector(docs[b]))
      pool.push(diff)
      Y.applyUpdate(docs[b], diff, 'remote')
      if (chance(gen, 0.3)) { pool.push(diff); Y.applyUpdate(docs[b], diff, 'remote') } // an echo
    } else if (r < 0.9) {
      // Part of a's log, out of order and with repeats: b may hold structs it cannot integrate yet.
      const log = logs[a]
      const n = Math.min(log.length, prng.uint32(gen, 1, 6))
      for (let i = 0; i < n; i++) {
        const u = log[prng.uint32(gen, Math.max(0, log.length - 12), log.length - 1)]
        pool.push(u)
        Y.applyUpdate(docs[b], u, 'remote')
      }
    } else if (r < 0.93) {
      const full = Y.encodeStateAsUpdate(docs[a])
      pool.push(full)
      Y.applyUpdate(docs[b], full, 'remote')
    } else if (r < 0.97 && snapshots.length < 6) {
      snapshots.push({ state: b64(Y.encodeStateAsUpdate(docs[a])), stateVector: b64(Y.encodeStateVector(docs[a])) })
    } else if (pool.length > 3) {
      // A message that was itself merged by yjs: it carries skips where its parts do not meet.
      const parts = []
      const n = prng.uint32(gen, 2, 6)
      for (let i = 0; i < n; i++) parts.push(pool[prng.uint32(gen, 0, pool.length - 1)])
      const merged = Y.mergeUpdates(parts)
      pool.push(merged)
      Y.applyUpdate(docs[b], merged, 'remote')
    }
  }
  // Bring everyone up to date, so the docs should all agree.
  for (let round = 0; round < 2; round++) {
    for (let a = 0; a < docCount; a++) {
      for (let b = 0; b < docCount; b++) {
        if (a !== b) {
          const diff = Y.encodeStateAsUpdate(docs[a], Y.encodeStateVector(docs[b]))
          Y.applyUpdate(docs[b], diff, 'remote')
        }
      }
    }
  }
  snapshots.push({ state: b64(Y.encodeStateAsUpdate(new Y.Doc())), stateVector: b64(Y.encodeStateVector(new Y.Doc())) })

  // Tiny and huge messages in a random order, as a server's log would hold them after reconnects.
  const updates = shuffle(gen, pool.slice())
  const reference = new Y.Doc()
  updates.forEach(u => Y.applyUpdate(reference, u))
  const expected = JSON.stringify(snapshot(reference))
  const converged = docs.every(d => JSON.stringify(snapshot(d)) === expected)
  if (process.env.DEBUG && !converged) {
    docs.forEach(d => {
      const a = JSON.stringify(snapshot(d))
      if (a !== expected) {
        let i = 0
        while (a[i] === expected[i]) i++
        console.log(index, d.clientID, d.store.pendingStructs !== null, JSON.stringify(a.slice(i - 150, i + 80)), JSON.stringify(expected.slice(i - 150, i + 80)))
      }
    })
  }
  const complete = reference.store.pendingStructs === null && reference.store.pendingDs === null

  const yjsMerged = Y.mergeUpdates(updates)
  const chunkSize = Math.max(1, Math.ceil(updates.length / prng.uint32(gen, 2, 5)))
  const chunks = []
  for (let i = 0; i < updates.length; i += chunkSize) chunks.push([i, Math.min(updates.length, i + chunkSize)])
  const yjsChunkMerges = chunks.map(([from, to]) => Y.mergeUpdates(updates.slice(from, to)))

  const mergedSv = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(yjsMerged))
  const randomStateVectors = []
  for (let i = 0; i < 4; i++) {
    const sv = new Map()
    mergedSv.forEach((clock, client) => { if (chance(gen, 0.7)) sv.set(client, prng.uint32(gen, 0, clock + 2)) })
    if (chance(gen, 0.3)) sv.set(prng.uint32(gen, 1, 2 ** 32 - 1), 3) // a client the update does not know
    randomStateVectors.push(Y.encodeStateVector(sv))
  }
  const diffInputs = [yjsMerged, ...updates.slice(0, 5)]

  return {
    index,
    seed,
    clients: ids,
    gc,
    converged,
    complete,
    updates: updates.map(b64),
    updateStateVectors: updates.map(u => b64(Y.encodeStateVectorFromUpdate(u))),
    expected,
    expectedStateVector: b64(Y.encodeStateVector(reference)),
    yjsMerged: b64(yjsMerged),
    chunks,
    yjsChunkMerges: yjsChunkMerges.map(b64),
    yjsMergeOfChunks: b64(Y.mergeUpdates(yjsChunkMerges)),
    snapshots,
    diffs: diffInputs.flatMap((input, i) =>
      [...snapshots.map(s => Buffer.from(s.stateVector, 'base64')), ...randomStateVectors].map(sv => ({
        input: i === 0 ? 'yjsMerged' : 'update:' + (i - 1),
        stateVector: b64(sv),
        yjs: b64(Y.diffUpdate(input, sv))
      })))
  }
}

let total = 0
for (let i = 0; i < caseCount; i++) {
  const c = makeCase(i)
  total += c.updates.length
  fs.writeFileSync(path.join(out, 'case-' + String(i).padStart(4, '0') + '.json'), JSON.stringify(c))
}
process.stdout.write(`seed ${seed}: ${caseCount} cases, ${total} updates in ${out}\n`)
