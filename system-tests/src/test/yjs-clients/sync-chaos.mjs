// Several unmodified WebsocketProvider clients edit the same documents at once while dropping and restoring their
// connections at random; then they must converge, and a fresh client must receive exactly what they have.
// Usage: node sync-chaos.mjs edit|fresh <http base> <tokens json> <seed>
// Prints "RESULT {json}": {documents: {name: content}, ...}; exits non-zero on failure.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const [, , mode, base, tokensJson, seedText] = process.argv
const tokens = JSON.parse(tokensJson)
const users = Object.keys(tokens)
const wsBase = base.replace(/^http/, 'ws')
const DOCUMENTS = ['chaos-a', 'chaos-b']
const STEPS = 120
const TIMEOUT_MS = 30000

// A small seeded generator, so a failing run can be repeated with the same seed.
let seed = Number(seedText) >>> 0 || 1
const random = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0
  return seed / 4294967296
}
const pick = (list) => list[Math.floor(random() * list.length)]
const tick = () => new Promise((resolve) => setTimeout(resolve, 2 + Math.floor(random() * 8)))

const connect = (user, name) => {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${wsBase}/sync`, name, doc, {
    params: { access_token: tokens[user] }, WebSocketPolyfill: WebSocket, disableBc: true
  })
  return { user, name, doc, provider }
}

// Map keys in a fixed order: two editors with the same map may list its keys in different orders.
const content = (doc) => {
  const map = doc.getMap('m').toJSON()
  const sorted = Object.fromEntries(Object.keys(map).sort().map((key) => [key, map[key]]))
  return JSON.stringify({ text: doc.getText('t').toString(), map: sorted })
}

const until = (what, check, emitters) => new Promise((resolve, reject) => {
  if (check()) return resolve()
  const listeners = []
  const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), TIMEOUT_MS)
  const finish = (error) => {
    clearTimeout(timer)
    listeners.forEach(([emitter, event, fn]) => emitter.off(event, fn))
    error ? reject(error) : resolve()
  }
  for (const [emitter, event] of emitters) {
    const fn = () => { if (check()) finish() }
    emitter.on(event, fn)
    listeners.push([emitter, event, fn])
  }
})

const synced = (c) => until(`${c.user} synced on ${c.name}`, () => c.provider.synced, [[c.provider, 'sync']])

async function edit () {
  const clients = DOCUMENTS.flatMap((name) => users.map((user) => connect(user, name)))
  await Promise.all(clients.map(synced))
  let disconnects = 0
  for (let step = 0; step < STEPS; step++) {
    const c = pick(clients)
    const roll = random()
    if (roll < 0.08 && c.provider.wsconnected) {
      c.provider.disconnect() // edits made while away are sent on reconnect
      disconnects++
    } else if (roll < 0.2 && !c.provider.shouldConnect) {
      c.provider.connect()
    } else if (roll < 0.7) {
      const text = c.doc.getText('t')
      text.insert(Math.floor(random() * (text.length + 1)), pick(['a', 'bc', '🌍', 'déjà ', '\n']))
    } else if (roll < 0.85) {
      const text = c.doc.getText('t')
      if (text.length > 2) text.delete(Math.floor(random() * (text.length - 1)), 1)
    } else {
      c.doc.getMap('m').set(pick(['x', 'y', 'z']), `${c.user}-${step}`)
    }
    await tick()
  }
  clients.filter((c) => !c.provider.shouldConnect).forEach((c) => c.provider.connect())
  await Promise.all(clients.map(synced))
  const documents = {}
  for (const name of DOCUMENTS) {
    const editors = clients.filter((c) => c.name === name)
    const agree = () => new Set(editors.map((c) => content(c.doc))).size === 1
    await until(`the editors of ${name} to converge`, agree, editors.map((c) => [c.doc, 'update'])).catch((error) => {
      // What each editor holds, to see who diverged and how.
      editors.forEach((c) => console.log('editor', c.user, 'connected', c.provider.wsconnected, 'synced',
        c.provider.synced, 'state', JSON.stringify(Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(c.doc)))),
        content(c.doc)))
      throw error
    })
    documents[name] = content(editors[0].doc)
  }
  clients.forEach((c) => c.provider.destroy())
  // A fresh client receives exactly what the editors converged on.
  const fresh = await read()
  for (const name of DOCUMENTS) {
    if (fresh[name] !== documents[name]) throw new Error(`a fresh client of ${name} got different content`)
  }
  return { documents, disconnects }
}

async function read () {
  const documents = {}
  for (const name of DOCUMENTS) {
    const c = connect(users[0], name)
    await synced(c)
    documents[name] = content(c.doc)
    c.provider.destroy()
  }
  return documents
}

try {
  const result = mode === 'edit' ? await edit() : { documents: await read() }
  console.log('RESULT ' + JSON.stringify(result))
  process.exit(0)
} catch (error) {
  console.log('RESULT ' + JSON.stringify({ error: String(error?.stack || error) }))
  process.exit(1)
}
