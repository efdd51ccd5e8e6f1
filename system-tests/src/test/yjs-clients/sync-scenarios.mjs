// Drives Guildhall's /sync endpoint with the unmodified y-websocket WebsocketProvider (and, for hostile input,
// raw sockets speaking the same protocol). Usage: node sync-scenarios.mjs <http base> <tokens json>
// Prints one "RESULT {json}" line: {passed: [...], failures: [{scenario, error}]}; exits 0 when all passed.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'

const [, , base, tokensJson] = process.argv
const tokens = JSON.parse(tokensJson)
const wsBase = base.replace(/^http/, 'ws')
const run = Math.random().toString(36).slice(2, 8)
const TIMEOUT_MS = 15000
const open = []

// Waits until check() is true, re-checking whenever the emitter fires one of the events; fails after a timeout.
const until = (what, check, emitters) => new Promise((resolve, reject) => {
  if (check()) return resolve()
  const listeners = []
  const done = (error) => {
    clearTimeout(timer)
    listeners.forEach(([emitter, event, fn]) => emitter.off(event, fn))
    error ? reject(error) : resolve()
  }
  const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}`)), TIMEOUT_MS)
  for (const [emitter, event] of emitters) {
    const fn = () => { if (check()) done() }
    emitter.on(event, fn)
    listeners.push([emitter, event, fn])
  }
})

const client = (user, docName, viaProtocol = false) => {
  const doc = new Y.Doc()
  const options = viaProtocol
    ? { protocols: ['access_token', tokens[user]] }
    : { params: { access_token: tokens[user] } }
  const provider = new WebsocketProvider(`${wsBase}/sync`, docName, doc, {
    ...options, WebSocketPolyfill: WebSocket, disableBc: true
  })
  open.push(provider)
  return { doc, provider, text: doc.getText('t'), map: doc.getMap('m') }
}

const synced = (c) => until('sync', () => c.provider.synced, [[c.provider, 'sync']])
const textIs = (c, expected) => until(`text "${expected}"`, () => c.text.toString() === expected, [[c.doc, 'update']])

// A raw protocol client: frames are collected; auth (permission denied) reasons are surfaced.
const raw = (user, docName) => new Promise((resolve, reject) => {
  const socket = new WebSocket(`${wsBase}/sync/${encodeURIComponent(docName)}?access_token=${tokens[user]}`)
  const frames = []
  const waiters = []
  socket.binaryType = 'arraybuffer'
  socket.on('message', (data) => {
    frames.push(new Uint8Array(data))
    waiters.splice(0).forEach((w) => w())
  })
  socket.on('open', () => resolve({
    socket,
    frames,
    send: (bytes) => socket.send(bytes),
    next: (predicate, what) => new Promise((resolveFrame, rejectFrame) => {
      const timer = setTimeout(() => rejectFrame(new Error(`timed out waiting for ${what}`)), TIMEOUT_MS)
      const look = () => {
        const index = frames.findIndex(predicate)
        if (index >= 0) {
          clearTimeout(timer)
          resolveFrame(frames.splice(index, 1)[0])
        } else {
          waiters.push(look)
        }
      }
      look()
    }),
    closed: new Promise((resolveClose) => socket.on('close', (code) => resolveClose(code)))
  }))
  socket.on('error', reject)
})

const isAuth = (frame) => frame[0] === 2
const authReason = (frame) => {
  const decoder = decoding.createDecoder(frame)
  decoding.readVarUint(decoder) // messageAuth
  decoding.readVarUint(decoder) // permission denied
  return decoding.readVarString(decoder)
}
const syncMessage = (step, payload) => {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, step)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

const stats = async (docName) => {
  const response = await fetch(`${base}/sync/api/documents/${encodeURIComponent(docName)}`, {
    headers: { Authorization: `Bearer ${tokens.admin}` }
  })
  if (response.status !== 200) throw new Error(`document stats answered ${response.status}`)
  return response.json()
}

const scenarios = {
  // Two unmodified providers edit one document through Guildhall; emoji count as two UTF-16 units in Yjs.
  async twoClientsEditTogether () {
    const name = `doc-${run}-a`
    const alice = client('alice', name)
    const bob = client('bob', name, true)
    await Promise.all([synced(alice), synced(bob)])
    alice.doc.transact(() => {
      alice.text.insert(0, 'hello 🌍 world')
      alice.map.set('k', { n: 1 })
    })
    await textIs(bob, 'hello 🌍 world')
    await until('the map entry', () => bob.map.get('k')?.n === 1, [[bob.doc, 'update']])
    bob.text.insert(8, '!')
    await textIs(alice, 'hello 🌍! world')
  },

  // What was edited survives the editors: a newcomer, after they left and the document was unloaded, gets it all
  // from the database; a reconnecting client's full state is recognised and not stored again.
  async aNewcomerGetsTheStoredStateAndRepeatsAreNotStored () {
    const name = `doc-${run}-b`
    const alice = client('alice', name)
    const bob = client('bob', name)
    await Promise.all([synced(alice), synced(bob)])
    alice.text.insert(0, 'kept')
    await textIs(bob, 'kept')
    alice.provider.destroy()
    bob.provider.destroy()
    // Once nobody is connected the server drops the document from memory (guildhall.sync.unload-after).
    const deadline = Date.now() + TIMEOUT_MS
    while ((await stats(name)).open) {
      if (Date.now() > deadline) throw new Error('the document was not unloaded')
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const first = await stats(name)
    const carol = client('carol', name)
    await synced(carol)
    await textIs(carol, 'kept')
    // A client that already has everything reconnects and sends it all as its sync step 2.
    const again = new Y.Doc()
    Y.applyUpdate(again, Y.encodeStateAsUpdate(carol.doc))
    const provider = new WebsocketProvider(`${wsBase}/sync`, name, again, {
      params: { access_token: tokens.alice }, WebSocketPolyfill: WebSocket, disableBc: true
    })
    open.push(provider)
    await until('sync', () => provider.synced, [[provider, 'sync']])
    carol.text.insert(0, '!')
    await until('the next edit', () => again.getText('t').toString() === '!kept', [[again, 'update']])
    const second = await stats(name)
    if (second.updates !== first.updates + 1) {
      throw new Error(`the log went from ${first.updates} to ${second.updates} rows for one new edit`)
    }
  },

  // Many small updates are merged into one snapshot row in the background; the document is unchanged by it.
  async longLogsAreCompactedWithoutChangingTheDocument () {
    const name = `doc-${run}-g`
    const alice = client('alice', name)
    const bob = client('bob', name)
    await Promise.all([synced(alice), synced(bob)])
    const edits = Number(tokens.compactionThreshold) * 3
    for (let i = 0; i < edits; i++) {
      alice.text.insert(alice.text.length, String.fromCharCode(97 + (i % 26)))
      await textIs(bob, alice.text.toString())
    }
    const expected = alice.text.toString()
    const deadline = Date.now() + TIMEOUT_MS
    while ((await stats(name)).updates > Number(tokens.compactionThreshold)) {
      if (Date.now() > deadline) throw new Error('the log was not compacted')
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    const fresh = client('carol', name)
    await synced(fresh)
    await textIs(fresh, expected)
  },

  // A read-only user's update is refused with the protocol's permission-denied message and never stored.
  async readOnlyUpdatesAreRefused () {
    const name = `doc-${run}-c`
    const intruder = new Y.Doc()
    intruder.getText('t').insert(0, 'intruder')
    const reader = await raw('reader', name)
    reader.send(syncMessage(2, Y.encodeStateAsUpdate(intruder)))
    const reason = authReason(await reader.next(isAuth, 'permission denied'))
    if (!reason.includes('read-only')) throw new Error(`unexpected refusal: ${reason}`)
    reader.socket.close()
    const fresh = client('carol', name)
    await synced(fresh)
    if (fresh.text.toString() !== '') throw new Error(`a refused update was stored: "${fresh.text}"`)
  },

  // A malformed update is refused and the socket keeps working; other clients are not disturbed.
  async malformedUpdatesAreRefusedAndTheSocketStaysUsable () {
    const name = `doc-${run}-d`
    const alice = client('alice', name)
    await synced(alice)
    const mallory = await raw('mallory', name)
    mallory.send(syncMessage(2, new Uint8Array([1, 2, 3, 255, 255, 255, 255, 255, 255, 255, 255, 1])))
    const reason = authReason(await mallory.next(isAuth, 'permission denied'))
    if (!reason.includes('malformed')) throw new Error(`unexpected refusal: ${reason}`)
    mallory.send(syncMessage(0, Y.encodeStateVector(new Y.Doc())))
    await mallory.next((f) => f[0] === 0 && f[1] === 1, 'a sync step 2 after the refusal')
    alice.text.insert(0, 'still fine')
    const bob = client('bob', name)
    await synced(bob)
    await textIs(bob, 'still fine')
  },

  // A frame over guildhall.sync.max-message-bytes closes that socket with 1009.
  async anOversizedMessageClosesWith1009 () {
    const name = `doc-${run}-e`
    const big = await raw('alice', name)
    big.send(syncMessage(2, new Uint8Array(Number(tokens.maxMessageBytes) + 1024)))
    const code = await big.closed
    if (code !== 1009) throw new Error(`closed with ${code}, not 1009`)
  },

  // Presence is relayed, protected from other connections, and removed when its client leaves.
  async awarenessIsRelayedProtectedAndRemoved () {
    const name = `doc-${run}-f`
    const alice = client('alice', name)
    const bob = client('bob', name)
    await Promise.all([synced(alice), synced(bob)])
    const aliceId = alice.doc.clientID
    alice.provider.awareness.setLocalStateField('user', { name: 'alice' })
    const aliceSeen = () => bob.provider.awareness.getStates().get(aliceId)?.user?.name
    await until('alice\'s presence at bob', () => aliceSeen() === 'alice', [[bob.provider.awareness, 'change']])

    const mallory = await raw('mallory', name)
    const fake = new awarenessProtocol.Awareness(new Y.Doc())
    fake.clientID = aliceId
    fake.setLocalState({ user: { name: 'mallory' } })
    fake.meta.set(aliceId, { clock: 999, lastUpdated: Date.now() })
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(fake, [aliceId]))
    mallory.send(encoding.toUint8Array(encoder))
    const reason = authReason(await mallory.next(isAuth, 'permission denied'))
    if (!reason.includes('own awareness')) throw new Error(`unexpected refusal: ${reason}`)
    if (aliceSeen() !== 'alice') throw new Error('mallory replaced alice\'s presence')

    alice.provider.destroy()
    await until('alice\'s presence removed', () => !bob.provider.awareness.getStates().has(aliceId),
      [[bob.provider.awareness, 'change']])
  }
}

const passed = []
const failures = []
for (const [scenario, body] of Object.entries(scenarios)) {
  try {
    if (process.env.SCENARIO && process.env.SCENARIO !== scenario) continue
    console.log(`scenario ${scenario}`)
    await body()
    passed.push(scenario)
  } catch (error) {
    failures.push({ scenario, error: String(error?.stack || error) })
  }
}
open.forEach((provider) => provider.destroy())
console.log('RESULT ' + JSON.stringify({ passed, failures }))
process.exit(failures.length === 0 ? 0 : 1)
