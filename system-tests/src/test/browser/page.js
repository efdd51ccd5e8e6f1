// Bundled by esbuild into the page each browser context loads: the real yjs and y-webrtc from npm, unmodified.
// The page exposes a few probes so the driver can tell which path (WebRTC or BroadcastChannel) carried an edit.
import * as Y from 'yjs'
import { WebrtcProvider } from 'y-webrtc'

let doc = null
let provider = null
// Set while a WebRTC data channel's 'data' event is being handled, so an update applied synchronously inside it is
// known to have come over WebRTC; y-webrtc applies BroadcastChannel and data-channel messages with the same origin.
let receivingFrom = null
const updates = []
let announcedBack = false

const start = ({ signalingUrl, room }) => {
  doc = new Y.Doc()
  provider = new WebrtcProvider(room, doc, {
    signaling: [signalingUrl],
    // No STUN or TURN: the only candidates are host candidates, which inside the test's network namespace is 127.0.0.1.
    peerOpts: { config: { iceServers: [] } }
  })
  // The server echoes a publish to its sender too: our own announce coming back means the server has subscribed us
  // and relayed it, so a peer that starts after this moment is announced to us and not the other way round.
  provider.signalingConns.forEach(conn => conn.on('message', message => {
    if (message.type === 'publish' && message.data && message.data.type === 'announce' &&
        provider.room && message.data.from === provider.room.peerId) {
      announcedBack = true
    }
  }))
  doc.on('update', (update, origin) => {
    updates.push({ viaWebrtcFrom: receivingFrom, local: origin !== provider.room, text: doc.getText('t').toString() })
  })
}

const conns = () => (provider && provider.room ? Array.from(provider.room.webrtcConns.values()) : [])

const state = () => ({
  peerId: provider.room ? provider.room.peerId : null,
  signalingConnected: provider.signalingConns.every(conn => conn.connected),
  webrtcPeers: conns().map(conn => ({ id: conn.remotePeerId, connected: conn.connected, synced: conn.synced })),
  bcPeers: provider.room ? Array.from(provider.room.bcConns) : [],
  text: doc.getText('t').toString()
})

const connectedPeers = () => conns().filter(conn => conn.connected && conn.synced).length

// Wraps y-webrtc's own 'data' handler: one listener runs before it, one after.
const watchWebrtcReceipt = () => {
  for (const conn of conns()) {
    if (conn.watched) continue
    conn.watched = true
    conn.peer.prependListener('data', () => { receivingFrom = conn.remotePeerId })
    conn.peer.on('data', () => { receivingFrom = null })
  }
}

const insert = text => doc.getText('t').insert(doc.getText('t').length, text)

// The ICE candidate pair each connected peer actually uses, with its addresses and byte counts: the one the
// transport's selectedCandidatePairId names (a pair's own nominated flag can still be false on the controlled side
// while data already flows over it; a CI run saw that).
const transport = async () => {
  const pairs = []
  for (const conn of conns()) {
    const stats = await conn.peer._pc.getStats()
    const byId = new Map()
    stats.forEach(report => byId.set(report.id, report))
    const selected = new Set()
    stats.forEach(report => {
      if (report.type === 'transport' && report.selectedCandidatePairId) selected.add(report.selectedCandidatePairId)
    })
    stats.forEach(report => {
      if (report.type === 'candidate-pair' && selected.has(report.id)) {
        const local = byId.get(report.localCandidateId) || {}
        const remote = byId.get(report.remoteCandidateId) || {}
        pairs.push({
          peer: conn.remotePeerId,
          state: report.state,
          local: `${local.address || local.ip}:${local.port}`,
          remote: `${remote.address || remote.ip}:${remote.port}`,
          localType: local.candidateType,
          bytesSent: report.bytesSent,
          bytesReceived: report.bytesReceived
        })
      }
    })
  }
  return pairs
}

window.guildhallPeer = { start, announced: () => announcedBack, state, connectedPeers, watchWebrtcReceipt, insert, transport, updates: () => updates }
