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

  // An update that would take the document past guildhall.sync.max-document-bytes is refused with the
  // protocol's permission-denied message and not stored; the document's other clients go on editing.
  async anUpdatePastTheDocumentLimitIsRefused () {
    const name = `doc-${run}-l`
    const alice = client('alice', name)
    const bob = client('bob', name)
    await Promise.all([synced(alice), synced(bob)])
    alice.text.insert(0, 'before')
    await textIs(bob, 'before')
    const writer = await raw('mallory', name)
    const isUpdate = (f) => f[0] === 0 && f[1] === 2
    // Chunks under the message limit into a text of their own, each sent once the last is stored (its echo is
    // the acknowledgement), until one is refused.
    const chunk = 'x'.repeat(Number(tokens.maxMessageBytes) / 2)
    const own = new Y.Doc()
    const big = own.getText('big')
    let stored = 0
    for (;;) {
      if (stored * chunk.length > 2 * Number(tokens.maxDocumentBytes)) throw new Error('the document limit was never applied')
      const before = Y.encodeStateVector(own)
      big.insert(big.length, chunk)
      writer.send(syncMessage(2, Y.encodeStateAsUpdate(own, before)))
      const reply = await writer.next((f) => isUpdate(f) || isAuth(f), 'the echo or the refusal')
      if (isAuth(reply)) {
        const reason = authReason(reply)
        if (!reason.includes('would exceed')) throw new Error(`unexpected refusal: ${reason}`)
        break
      }
      stored++
    }
    if (stored === 0) throw new Error('the first chunk, well under the limit, was refused')
    alice.text.insert(0, 'after ')
    await textIs(bob, 'after before')
    writer.socket.close()
    const fresh = client('carol', name)
    await synced(fresh)
    await textIs(fresh, 'after before')
    const length = fresh.doc.getText('big').length
    if (length !== stored * chunk.length) {
      throw new Error(`the stored document holds ${length} characters of the big text, not ${stored * chunk.length}`)
    }
  },

  // Presence: relayed, renewals too (batched), protected from other connections, removed when a client leaves.
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

    // A renewal (the same state, a newer clock: every client sends one every 15 s) is relayed with the document's
    // other renewals about once a second, not at once; it must still reach bob, or his copy would time out.
    const renewedClock = alice.provider.awareness.meta.get(aliceId).clock + 1
    alice.provider.awareness.setLocalState(alice.provider.awareness.getLocalState())
    await until('alice\'s renewal at bob', () => bob.provider.awareness.meta.get(aliceId)?.clock === renewedClock,
      [[bob.provider.awareness, 'update']])

    alice.provider.destroy()
    await until('alice\'s presence removed', () => !bob.provider.awareness.getStates().has(aliceId),
      [[bob.provider.awareness, 'change']])
  },

  // The sync figures in /metrics: documents open and sockets here, updates stored (each as a client sent it), and
  // the bytes of all stored updates (read at most once per guildhall.sync.stored-bytes-refresh).
  metrics: async () => {
    const read = async () => {
      const response = await fetch(`${base}/metrics?scope=application`, { headers: { Accept: 'text/plain' } })
      if (response.status !== 200) throw new Error(`metrics answered ${response.status}`)
      const text = await response.text()
      const value = (metric) => {
        const line = text.split('\n').find((l) => l.startsWith(`${metric}{`) || l.startsWith(`${metric} `))
        if (!line) throw new Error(`no ${metric} in the metrics:\n${text}`)
        return Number(line.slice(line.lastIndexOf(' ') + 1))
      }
      return {
        open: value('sync_documents_open'),
        connections: value('sync_connections'),
        updates: value('sync_updates_total'),
        bytes: value('sync_stored_bytes')
      }
    }
    const before = await read()
    const name = `doc-${run}-m`
    const alice = client('alice', name)
    const bob = client('bob', name)
    await Promise.all([synced(alice), synced(bob)])
    for (const letter of 'metrics') alice.text.insert(alice.text.length, letter)
    await textIs(bob, 'metrics')
    const own = await stats(name)
    const deadline = Date.now() + TIMEOUT_MS
    let after = await read()
    while ((after.updates < before.updates + 7 || after.bytes < own.bytes) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      after = await read()
    }
    if (after.updates < before.updates + 7) throw new Error(`7 updates stored, counted ${after.updates - before.updates}`)
    if (own.bytes <= 0 || after.bytes < own.bytes) throw new Error(`stored bytes ${after.bytes}, this document alone ${own.bytes}`)
    if (after.open < 1 || after.connections < 2) throw new Error(`open documents ${after.open}, connections ${after.connections}`)
  },

  // Administration: the listing, a backup that Y.applyUpdate accepts, a restore into another name, a delete. Only
  // admins restore and delete, and a document with clients connected is not changed under them.
  operations: async () => {
    const name = `doc-${run}-o`
    const api = `${base}/sync/api/documents`
    const as = (user, extra = {}) => ({ ...extra, headers: { Authorization: `Bearer ${tokens[user]}`, ...extra.headers } })
    const alice = client('alice', name)
    await synced(alice)
    alice.text.insert(0, 'back me up 👍')
    const deadline = Date.now() + TIMEOUT_MS
    while ((await stats(name)).updates < 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))

    let entry
    for (let after = null; ;) {
      const response = await fetch(`${api}?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`, as('admin'))
      if (response.status !== 200) throw new Error(`listing answered ${response.status}`)
      const page = await response.json()
      entry = page.documents.find((d) => d.document === name)
      if (entry || page.more === null) break
      after = page.more
    }
    if (!entry || entry.updates < 1 || entry.bytes <= 0 || entry.clients !== 1 || !entry.lastChange) {
      throw new Error(`listed as ${JSON.stringify(entry)}`)
    }
    if ((await fetch(api, as('bob'))).status !== 403) throw new Error('a user who is no moderator listed the documents')

    const backup = await fetch(`${api}/${encodeURIComponent(name)}/state`, as('admin'))
    if (backup.status !== 200) throw new Error(`backup answered ${backup.status}`)
    const state = new Uint8Array(await backup.arrayBuffer())
    const copy = new Y.Doc()
    Y.applyUpdate(copy, state)
    if (copy.getText('t').toString() !== alice.text.toString()) throw new Error(`backup holds "${copy.getText('t')}"`)

    const put = (doc, user, body) => fetch(`${api}/${encodeURIComponent(doc)}/state`,
      as(user, { method: 'PUT', body, headers: { 'Content-Type': 'application/octet-stream' } }))
    const restoredName = `${name}-restored`
    const refusals = [
      [await put(name, 'admin', state), 409, 'a restore under a connected client'],
      [await put(restoredName, 'bob', state), 403, 'a restore by a user who is no admin'],
      [await put(restoredName, 'admin', new Uint8Array([7, 7, 7])), 400, 'a restore of bytes that are no update']
    ]
    for (const [response, status, what] of refusals) {
      if (response.status !== status) throw new Error(`${what} answered ${response.status}, not ${status}`)
    }
    if ((await stats(restoredName)).updates !== 0) throw new Error('a refused restore stored something')
    const restored = await put(restoredName, 'admin', state)
    if (restored.status !== 204) throw new Error(`restore answered ${restored.status}`)
    const carol = client('carol', restoredName)
    await textIs(carol, alice.text.toString())
    carol.provider.destroy()

    const remove = () => fetch(`${api}/${encodeURIComponent(restoredName)}`, as('admin', { method: 'DELETE' }))
    if ((await fetch(`${api}/${encodeURIComponent(restoredName)}`, as('bob', { method: 'DELETE' }))).status !== 403) {
      throw new Error('a user who is no admin deleted a document')
    }
    let removed = await remove()
    while (removed.status === 409 && Date.now() < deadline + TIMEOUT_MS) {
      // carol's socket is closing: the document is changed only once nobody has it open
      await new Promise((resolve) => setTimeout(resolve, 100))
      removed = await remove()
    }
    if (removed.status !== 204) throw new Error(`delete answered ${removed.status}`)
    if ((await fetch(`${api}/${encodeURIComponent(restoredName)}/state`, as('admin'))).status !== 404) {
      throw new Error('a deleted document still has a state')
    }
    if ((await remove()).status !== 404) throw new Error('deleting it again did not answer 404')
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
