// Two Chromium pages, each in its own browser context with its own user's token, join one y-webrtc room through
// Guildhall's signaling socket; page A edits a Y.Text and page B must receive it over the WebRTC data channel.
// Prints one line "RESULT {json}" with what each page saw and exits non-zero when a check fails.
//
// Environment: GUILDHALL_URL (http://127.0.0.1:PORT of a dev-mode server), PAGE_PORT (where to serve the page;
// the server must allow its origin), CHROMIUM (default /usr/bin/chromium).
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
const guildhall = new URL(required('GUILDHALL_URL'))
const pagePort = Number(required('PAGE_PORT'))
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium'
const STEP_TIMEOUT = 30_000
const room = `guildhall-ywebrtc-${Date.now()}-${Math.random().toString(36).slice(2)}`

function required (name) {
  if (!process.env[name]) throw new Error(`${name} is not set`)
  return process.env[name]
}

const log = (...args) => console.log(`[ywebrtc ${new Date().toISOString()}]`, ...args)

async function mintToken (user) {
  const response = await fetch(new URL('/notifications/api/dev/token', guildhall), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, groups: [] }),
    signal: AbortSignal.timeout(STEP_TIMEOUT)
  })
  if (response.status !== 200) throw new Error(`dev token for ${user}: HTTP ${response.status} ${await response.text()}`)
  return (await response.json()).token
}

async function servePage () {
  const built = await esbuild.build({
    entryPoints: [path.join(here, 'page.js')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'warning'
  })
  const bundle = built.outputFiles[0].contents
  const html = '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>y-webrtc via Guildhall</title><script src="/bundle.js"></script>'
  const server = http.createServer((request, response) => {
    if (request.url === '/bundle.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle)
    } else if (request.url === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(html)
    } else {
      response.writeHead(404).end()
    }
  })
  await new Promise((resolve, reject) => server.once('error', reject).listen(pagePort, '127.0.0.1', resolve))
  return server
}

async function openPage (browser, user, token, sockets) {
  // A context of its own: pages of one context share BroadcastChannel, and y-webrtc would pair them through it.
  // Chromium enumerates network interfaces for ICE only for a page with camera/microphone permission; without it
  // it offers just the default-route address, which a namespace with only lo does not have (no candidate at all).
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] })
  const page = await context.newPage()
  page.setDefaultTimeout(STEP_TIMEOUT)
  page.on('console', message => log(`${user} console.${message.type()}: ${message.text()} ${message.location().url}`))
  page.on('pageerror', error => log(`${user} page error: ${error}`))
  page.on('websocket', socket => {
    const record = { user, url: socket.url().replace(/access_token=[^&]*/, 'access_token=…'), frames: [] }
    sockets.push(record)
    socket.on('framesent', frame => record.frames.push(String(frame.payload)))
    socket.on('framereceived', frame => record.frames.push(String(frame.payload)))
  })
  await page.goto(`http://127.0.0.1:${pagePort}/`)
  const signalingUrl = `ws://${guildhall.host}/signaling/?access_token=${encodeURIComponent(token)}`
  await page.evaluate(options => window.guildhallPeer.start(options), { signalingUrl, room })
  // One page at a time: when two y-webrtc peers announce at the same moment both make an offer, and y-webrtc's
  // glare handling leaves the pair unconnected in Chromium (the side that yields never sends its ICE candidates).
  // That is the client library's race, the same with any signaling server; users rarely join within milliseconds.
  await step(`${user}'s announce is echoed by Guildhall`, page.waitForFunction(() => window.guildhallPeer.announced()))
  return { user, context, page }
}

// Names the step a timeout happened in, so a failure says how far the pages got.
const step = (name, promise) => promise.catch(error => { throw new Error(`${name}: ${error.message}`) })

const failures = []
const check = (ok, what) => { if (!ok) failures.push(what) }

const pageServer = await servePage()
const [tokenA, tokenB] = await Promise.all([mintToken('alice'), mintToken('bob')])
const browser = await chromium.launch({
  executablePath,
  headless: true,
  timeout: STEP_TIMEOUT,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    // Chromium keeps only the last --disable-features switch: list every feature here.
    '--disable-features=WebRtcHideLocalIpsWithMdns',
    // Interface enumeration skips loopback unless told otherwise, and loopback is all the namespace has.
    '--allow-loopback-in-peer-connection'
  ]
})
const sockets = []
let result
let a, b
try {
  log(`room ${room}, signaling through ${guildhall.host}, page on 127.0.0.1:${pagePort}`)
  a = await openPage(browser, 'alice', tokenA, sockets)
  b = await openPage(browser, 'bob', tokenB, sockets)
  const started = Date.now()
  await step('each page gets a connected, synced WebRTC peer', Promise.all([a, b].map(({ page }) =>
    page.waitForFunction(() => window.guildhallPeer.connectedPeers() >= 1))))
  const connectedAfterMs = Date.now() - started
  log(`both pages have a connected, synced WebRTC peer after ${connectedAfterMs} ms`)

  await b.page.evaluate(() => window.guildhallPeer.watchWebrtcReceipt())
  const edit = `edit by alice ${Math.random().toString(36).slice(2)}`
  const sent = Date.now()
  await a.page.evaluate(text => window.guildhallPeer.insert(text), edit)
  await step('bob receives alice\'s edit', b.page.waitForFunction(text => window.guildhallPeer.state().text.includes(text), edit))
  const arrivedAfterMs = Date.now() - sent

  await a.page.evaluate(() => window.guildhallPeer.watchWebrtcReceipt())
  const reply = `reply by bob ${Math.random().toString(36).slice(2)}`
  await b.page.evaluate(text => window.guildhallPeer.insert(text), reply)
  await step('alice receives bob\'s reply', a.page.waitForFunction(text => window.guildhallPeer.state().text.includes(text), reply))

  const report = async ({ user, page }) => ({
    user,
    ...(await page.evaluate(() => window.guildhallPeer.state())),
    remoteUpdates: (await page.evaluate(() => window.guildhallPeer.updates())).filter(update => !update.local),
    transport: await page.evaluate(() => window.guildhallPeer.transport())
  })
  const pageA = await report(a)
  const pageB = await report(b)
  const editUpdate = pageB.remoteUpdates.find(update => update.text.includes(edit))
  const replyUpdate = pageA.remoteUpdates.find(update => update.text.includes(reply))
  const signalingFrames = sockets.flatMap(socket => socket.frames)
  result = {
    room,
    connectedAfterMs,
    arrivedAfterMs,
    edit,
    reply,
    editViaWebrtcFrom: editUpdate ? editUpdate.viaWebrtcFrom : null,
    replyViaWebrtcFrom: replyUpdate ? replyUpdate.viaWebrtcFrom : null,
    editInSignalingFrames: signalingFrames.some(frame => frame.includes(edit) || frame.includes(reply)),
    sockets: sockets.map(({ user, url, frames }) => ({ user, url, frames: frames.length })),
    pageA,
    pageB
  }

  for (const [mine, other] of [[pageA, pageB], [pageB, pageA]]) {
    const peer = mine.webrtcPeers[0]
    check(mine.signalingConnected, `${mine.user}: the signaling socket to Guildhall is connected`)
    check(mine.webrtcPeers.length === 1 && peer.id === other.peerId && peer.connected && peer.synced,
      `${mine.user}: one connected, synced WebRTC peer, the other page`)
    check(mine.bcPeers.length === 0, `${mine.user}: no BroadcastChannel peer (got ${JSON.stringify(mine.bcPeers)})`)
    check(mine.text.includes(edit) && mine.text.includes(reply), `${mine.user}: the document holds both edits`)
    check(mine.transport.length === 1 && mine.transport.every(pair =>
      pair.local.startsWith('127.0.0.1:') && pair.remote.startsWith('127.0.0.1:') && pair.bytesReceived > 0),
    `${mine.user}: the data channel runs over 127.0.0.1 and received bytes`)
  }
  check(result.editViaWebrtcFrom === pageA.peerId, 'bob applied alice\'s edit inside a WebRTC data event from her')
  check(result.replyViaWebrtcFrom === pageB.peerId, 'alice applied bob\'s reply inside a WebRTC data event from him')
  check(!result.editInSignalingFrames, 'the edits never crossed the signaling socket')
  check(sockets.length >= 2 && sockets.every(socket => socket.url.startsWith(`ws://${guildhall.host}/signaling/`)),
    'each page opened its signaling socket to Guildhall')
} catch (error) {
  failures.push(`error: ${error.stack || error}`)
  // What each page had reached, and what crossed the signaling sockets, to tell where it stopped.
  for (const opened of [a, b].filter(Boolean)) {
    const state = await opened.page.evaluate(() => window.guildhallPeer.state()).catch(e => String(e))
    log(`${opened.user} state: ${JSON.stringify(state)}`)
  }
  for (const socket of sockets) {
    log(`${socket.user} socket ${socket.url}: ${socket.frames.length} frames`)
    socket.frames.slice(0, 40).forEach(frame => log(`  ${frame.slice(0, 300)}`))
  }
} finally {
  await browser.close().catch(() => {})
  pageServer.close()
}

console.log(`RESULT ${JSON.stringify({ ...result, failures })}`)
if (failures.length > 0) {
  log(`FAILED:\n  ${failures.join('\n  ')}`)
  process.exit(1)
}
log('PASSED: the edit went page A → WebRTC data channel → page B, signaled through Guildhall')
