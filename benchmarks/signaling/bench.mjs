// Guildhall's signaling socket against y-webrtc's own signaling server (node_modules/y-webrtc/bin/server.js), driven
// in one run with the same y-webrtc protocol load: many topics of a few subscribers, each publishing messages that
// the server fans out to the topic's subscribers (the sender included, as both servers echo).
//
//   latency     an open-loop fixed publish rate; relay latency = receipt at another subscriber − the send time
//               carried in the payload (sender and receivers share a thread, so one clock).
//   saturation  closed loop: every client keeps WINDOW publishes in flight, its own echo acknowledging one;
//               messages/s = deliveries to the other subscribers per second.
//
// Every phase and wait has a deadline; a watchdog ends the run whatever happens. Settings come from the
// environment (see README.md); all traffic is to 127.0.0.1.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'

const here = path.dirname(fileURLToPath(import.meta.url))

if (isMainThread) {
  await main()
} else {
  runWorker(workerData)
}

// ---------------------------------------------------------------------------------------------------------------
// Main thread: the servers, the tokens, the phases, the table.

async function main () {
  const setting = (name, fallback) => process.env[name] === undefined || process.env[name] === '' ? fallback : process.env[name]
  const number = (name, fallback) => {
    const value = Number(setting(name, fallback))
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
    return value
  }
  const config = {
    topics: number('BENCH_TOPICS', 200),
    perTopic: number('BENCH_SUBSCRIBERS', 4),
    rate: number('BENCH_RATE', 1000),
    latencySeconds: number('BENCH_LATENCY_SECONDS', 15),
    saturationSeconds: number('BENCH_SATURATION_SECONDS', 15),
    warmupSeconds: number('BENCH_WARMUP_SECONDS', 30),
    window: number('BENCH_WINDOW', 8),
    payloadBytes: number('BENCH_PAYLOAD_BYTES', 300),
    workers: number('BENCH_WORKERS', 2),
    javaOpts: setting('BENCH_JAVA_OPTS', '-Xms1g -Xmx1g'),
    skipBuild: setting('GUILDHALL_SKIP_BUILD', 'false') === 'true'
  }
  if (config.perTopic < 2) throw new Error('BENCH_SUBSCRIBERS must be at least 2: latency is measured at another subscriber')
  const clients = config.topics * config.perTopic
  // The reference server has no rate limit; Guildhall's default (50 messages/s per socket, burst 100) would cap
  // every saturation client, so the benchmark lifts it and says so. Its outbox (256 frames) stays as shipped:
  // the closed loop keeps at most perTopic × WINDOW frames queued per socket.
  const guildhallLimits = {
    GUILDHALL_SIGNALING_MESSAGES_PER_SECOND: setting('GUILDHALL_SIGNALING_MESSAGES_PER_SECOND', '1000000'),
    GUILDHALL_SIGNALING_MESSAGE_BURST: setting('GUILDHALL_SIGNALING_MESSAGE_BURST', '1000000')
  }

  const started = Date.now()
  const children = []
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-'))
  let workers = []
  let finished = false
  const running = child => child.exitCode === null && child.signalCode === null
  const stopAll = signal => {
    for (const worker of workers) worker.terminate()
    for (const child of children) if (running(child)) child.kill(signal || child.stopSignal)
  }
  // The hard way out (watchdog, Ctrl-C): no waiting for a clean shutdown.
  const cleanup = () => {
    stopAll('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  // Bounded whatever happens: a hung server or client cannot keep the run (or its servers) alive.
  const watchdogSeconds = number('BENCH_WATCHDOG_SECONDS', 420)
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${watchdogSeconds}s; stopping everything`)
    cleanup()
    process.exit(3)
  }, watchdogSeconds * 1000)
  watchdog.unref()
  process.on('exit', () => { if (!finished) cleanup() })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { cleanup(); process.exit(130) })

  const log = message => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}`)
  log(`${config.topics} topics × ${config.perTopic} subscribers = ${clients} sockets per server, ${config.workers} client threads, ` +
    `load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`)

  // --- Guildhall, through the README's run command
  const guildhallPort = await freePort()
  log(`starting Guildhall on 127.0.0.1:${guildhallPort} (run.sh${config.skipBuild ? ', last build' : ', building first'}; JAVA_OPTS="${config.javaOpts}")`)
  const guildhall = spawn('bash', [path.join(here, '..', '..', 'run.sh')], {
    env: {
      ...withoutGuildhallSettings(process.env),
      ...guildhallLimits,
      GUILDHALL_PORT: String(guildhallPort),
      GUILDHALL_DATA_DIR: dataDir,
      GUILDHALL_DEV_MODE: 'true',
      GUILDHALL_SKIP_BUILD: String(config.skipBuild),
      JAVA_OPTS: config.javaOpts
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  guildhall.stopSignal = 'SIGINT' // run.sh execs Payara Micro, which shuts down cleanly on Ctrl-C
  children.push(guildhall)
  const guildhallLog = fs.createWriteStream(path.join(dataDir, 'server.log'))
  guildhall.stdout.pipe(guildhallLog)
  guildhall.stderr.pipe(guildhallLog)
  await awaitOutput(guildhall, /^Guildhall is ready on/m, 300_000, 'Guildhall', () => fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8'))
  log('Guildhall is ready')

  // --- y-webrtc's reference server, as its README runs it
  const referencePort = await freePort()
  const reference = spawn(process.execPath, [path.join(here, 'node_modules', 'y-webrtc', 'bin', 'server.js')], {
    env: { ...process.env, PORT: String(referencePort) },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  reference.stopSignal = 'SIGTERM'
  children.push(reference)
  await awaitOutput(reference, /Signaling server running/, 30_000, 'y-webrtc server.js')
  log(`y-webrtc server.js is ready on 127.0.0.1:${referencePort}`)

  // --- one token per client, minted once through development mode
  const tokens = await mintTokens(`http://127.0.0.1:${guildhallPort}`, clients)
  log(`minted ${tokens.length} Guildhall tokens`)

  const servers = {
    guildhall: { name: 'Guildhall', url: i => `ws://127.0.0.1:${guildhallPort}/signaling/?access_token=${tokens[i]}` },
    reference: { name: 'y-webrtc server.js', url: () => `ws://127.0.0.1:${referencePort}` }
  }

  // Topics are split between the client threads whole, so a sender and its receivers share a clock.
  const assignments = Array.from({ length: config.workers }, () => [])
  for (let topic = 0; topic < config.topics; topic++) {
    for (let k = 0; k < config.perTopic; k++) {
      const index = topic * config.perTopic + k
      assignments[topic % config.workers].push({
        id: `c${index}`,
        topic: `bench-topic-${topic}`,
        urls: { guildhall: servers.guildhall.url(index), reference: servers.reference.url(index) }
      })
    }
  }
  workers = assignments.map(assigned => new Worker(fileURLToPath(import.meta.url), {
    workerData: { clients: assigned, payloadBytes: config.payloadBytes }
  }))
  let nextRequest = 0
  const ask = (worker, command, timeoutMs) => new Promise((resolve, reject) => {
    const id = nextRequest++
    const timer = setTimeout(() => reject(new Error(`client thread did not answer ${command.cmd} within ${timeoutMs} ms`)), timeoutMs)
    const onMessage = reply => {
      if (reply.id !== id) return
      clearTimeout(timer)
      worker.off('message', onMessage)
      if (reply.error) reject(new Error(reply.error))
      else resolve(reply)
    }
    worker.on('message', onMessage)
    worker.once('error', reject)
    worker.postMessage({ ...command, id })
  })
  const all = (command, timeoutMs) => Promise.all(workers.map((worker, i) => ask(worker, {
    ...command,
    rate: command.rate ? command.rate * assignments[i].length / clients : undefined
  }, timeoutMs)))

  for (const server of ['guildhall', 'reference']) {
    const replies = await all({ cmd: 'connect', server }, 60_000)
    log(`${servers[server].name}: ${clients} sockets connected and subscribed in ${Math.max(...replies.map(r => r.ms))} ms`)
  }

  const phase = async (server, mode, seconds, extra = {}) => {
    const replies = await all({ cmd: 'phase', server, mode, seconds, window: config.window, ...extra }, (seconds + 30) * 1000)
    return merge(replies, seconds)
  }
  log(`warming up Guildhall's JVM: ${config.warmupSeconds}s of saturation load (discarded)`)
  const warm = await phase('guildhall', 'saturation', config.warmupSeconds)
  log(`  warm-up done: ${Math.round(warm.deliveredPerSecond)} deliveries/s at the end`)
  log('warming up server.js for 5s (discarded)')
  await phase('reference', 'saturation', 5)

  const results = {}
  for (const server of ['guildhall', 'reference']) {
    log(`${servers[server].name}: latency at ${config.rate} publishes/s for ${config.latencySeconds}s`)
    results[server] = { latency: await phase(server, 'latency', config.latencySeconds, { rate: config.rate }) }
  }
  for (const server of ['guildhall', 'reference']) {
    log(`${servers[server].name}: saturation, ${config.window} publishes in flight per client, for ${config.saturationSeconds}s`)
    results[server].saturation = await phase(server, 'saturation', config.saturationSeconds)
  }
  await all({ cmd: 'close' }, 30_000).catch(() => {})
  log(`load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')}`)

  const problems = []
  for (const server of ['guildhall', 'reference']) {
    for (const mode of ['latency', 'saturation']) {
      const r = results[server][mode]
      if (r.errors > 0) problems.push(`${servers[server].name} ${mode}: ${r.errors} error frames (first: ${r.firstError})`)
      if (r.closes > 0) problems.push(`${servers[server].name} ${mode}: ${r.closes} sockets closed by the server`)
      if (mode === 'latency' && r.lost > 0) problems.push(`${servers[server].name} latency: ${r.lost} deliveries missing after the drain`)
      if (mode === 'latency' && r.published < 0.95 * config.rate * config.latencySeconds) {
        problems.push(`${servers[server].name} latency: the clients sent only ${r.published} of ${config.rate * config.latencySeconds} publishes`)
      }
    }
  }
  printTable(config, clients, results, servers, guildhallLimits)
  for (const problem of problems) console.log(`WARNING: ${problem}`)
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`)
  stopAll()
  await Promise.all(children.filter(running).map(child =>
    Promise.race([once(child, 'exit'), new Promise(resolve => setTimeout(resolve, 30_000).unref())])))
  finished = true
  cleanup()
  process.exit(problems.length > 0 ? 1 : 0)
}

function withoutGuildhallSettings (env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('GUILDHALL_') && !name.startsWith('MP_JWT')))
}

function freePort () {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function awaitOutput (child, pattern, timeoutMs, name, describe) {
  let seen = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`was not ready within ${timeoutMs / 1000}s`), timeoutMs)
    const onData = chunk => {
      seen += chunk
      if (pattern.test(seen)) {
        clearTimeout(timer)
        child.stdout.off('data', onData)
        child.off('exit', onExit)
        resolve()
      }
    }
    const onExit = code => fail(`exited (${code}) before it was ready`)
    function fail (why) {
      clearTimeout(timer)
      reject(new Error(`${name} ${why}; its output:\n${describe ? describe() : seen}`))
    }
    child.stdout.on('data', onData)
    child.once('exit', onExit)
  })
}

async function mintTokens (base, count) {
  const tokens = new Array(count)
  let next = 0
  const mintOne = async () => {
    while (next < count) {
      const i = next++
      const response = await fetch(`${base}/notifications/api/dev/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: `bench-${i}`, groups: [] }),
        signal: AbortSignal.timeout(30_000)
      })
      if (response.status !== 200) throw new Error(`dev token: HTTP ${response.status} ${await response.text()}`)
      tokens[i] = (await response.json()).token
    }
  }
  await Promise.all(Array.from({ length: 16 }, mintOne))
  return tokens
}

function merge (replies, seconds) {
  const sum = key => replies.reduce((total, reply) => total + reply[key], 0)
  const latencies = new Float64Array(sum('latencyCount'))
  let offset = 0
  for (const reply of replies) {
    latencies.set(new Float64Array(reply.latencies), offset)
    offset += reply.latencyCount
  }
  latencies.sort()
  const measuredSeconds = replies[0].measuredSeconds
  return {
    seconds,
    published: sum('published'),
    delivered: sum('delivered'),
    lost: sum('lost'),
    errors: sum('errors'),
    closes: sum('closes'),
    firstError: replies.map(r => r.firstError).find(Boolean),
    publishedPerSecond: sum('publishedInWindow') / measuredSeconds,
    deliveredPerSecond: sum('deliveredInWindow') / measuredSeconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    samples: latencies.length
  }
}

function quantile (sorted, q) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

function printTable (config, clients, results, servers, limits) {
  const g = results.guildhall
  const r = results.reference
  const ms = value => Number.isFinite(value) ? `${value.toFixed(2)} ms` : 'n/a'
  const count = value => Math.round(value).toLocaleString('en-US')
  const ratio = (a, b) => Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : 'n/a'
  const rows = [
    ['', servers.guildhall.name, servers.reference.name, 'Guildhall / server.js'],
    [`latency @ ${config.rate} publishes/s  p50`, ms(g.latency.p50), ms(r.latency.p50), ratio(g.latency.p50, r.latency.p50)],
    ['                              p99', ms(g.latency.p99), ms(r.latency.p99), ratio(g.latency.p99, r.latency.p99)],
    ['  (samples)', count(g.latency.samples), count(r.latency.samples), ''],
    ['saturation  publishes/s', count(g.saturation.publishedPerSecond), count(r.saturation.publishedPerSecond),
      ratio(g.saturation.publishedPerSecond, r.saturation.publishedPerSecond)],
    ['            messages relayed/s', count(g.saturation.deliveredPerSecond), count(r.saturation.deliveredPerSecond),
      ratio(g.saturation.deliveredPerSecond, r.saturation.deliveredPerSecond)]
  ]
  const widths = rows[0].map((_, c) => Math.max(...rows.map(row => row[c].length)))
  console.log('')
  console.log(`Signaling relay, y-webrtc protocol: ${config.topics} topics × ${config.perTopic} subscribers (${clients} sockets per server), ` +
    `~${config.payloadBytes} B payload`)
  for (const row of rows) {
    console.log(row.map((cell, c) => c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])).join('   '))
  }
  console.log('')
  console.log(`latency: open loop, ${config.latencySeconds}s per server, receipt at each other subscriber − send time in the payload`)
  console.log(`saturation: closed loop, ${config.window} publishes in flight per client, ${config.saturationSeconds}s per server ` +
    '(first 2s not counted); messages relayed = deliveries to the other subscribers (echoes to the sender not counted)')
  console.log(`Guildhall: run.sh, JAVA_OPTS="${config.javaOpts}", ${config.warmupSeconds}s warm-up; rate limit lifted to ` +
    `${limits.GUILDHALL_SIGNALING_MESSAGES_PER_SECOND}/s per socket (burst ${limits.GUILDHALL_SIGNALING_MESSAGE_BURST})`)
  console.log(`server.js: node ${process.version}, 5s warm-up; ${config.workers} client threads on the same ${os.cpus().length} cores`)
}

// ---------------------------------------------------------------------------------------------------------------
// Client threads: each owns whole topics on both servers.

function runWorker ({ clients, payloadBytes }) {
  const pad = 'x'.repeat(payloadBytes)
  const sockets = { guildhall: [], reference: [] }
  let current = null // the phase being run: counts and timings
  const reply = (request, body) => parentPort.postMessage({ id: request.id, ...body })

  const connect = (server, request) => {
    const startedAt = performance.now()
    let pending = clients.length
    const failure = error => reply(request, { error: `${server}: ${error}` })
    for (const client of clients) {
      const socket = new WebSocket(client.urls[server], { perMessageDeflate: false })
      const entry = { client, socket, inFlight: 0, echoed: false }
      sockets[server].push(entry)
      socket.on('error', error => failure(`${client.id}: ${error.message}`))
      socket.on('open', () => {
        socket.send(JSON.stringify({ type: 'subscribe', topics: [client.topic] }))
        // Answered after the subscribe on the same socket: once every client has its echo, every topic is full.
        socket.send(JSON.stringify({ type: 'publish', topic: client.topic, data: { type: 'ready', from: client.id } }))
      })
      socket.on('message', data => onMessage(entry, data, () => {
        if (--pending === 0) reply(request, { ms: Math.round(performance.now() - startedAt) })
      }))
    }
  }

  const publish = entry => {
    const message = {
      type: 'publish',
      topic: entry.client.topic,
      data: { type: 'signal', from: entry.client.id, phase: current.id, t: performance.now(), pad }
    }
    entry.socket.send(JSON.stringify(message))
    entry.inFlight++
    current.published++
    if (current.measuring()) current.publishedInWindow++
  }

  function onMessage (entry, data, ready) {
    const now = performance.now()
    const message = JSON.parse(data)
    if (message.type === 'error') {
      if (current) {
        current.errors++
        current.firstError = current.firstError || JSON.stringify(message)
      }
      return
    }
    if (message.type !== 'publish' || !message.data) return
    if (message.data.type === 'ready') {
      if (message.data.from === entry.client.id && !entry.echoed) {
        entry.echoed = true
        ready()
      }
      return
    }
    if (!current || message.data.phase !== current.id) return
    if (message.data.from === entry.client.id) {
      entry.inFlight--
      if (current.mode === 'saturation' && current.running) publish(entry)
      return
    }
    current.delivered++
    const inWindow = current.measuring()
    if (inWindow) current.deliveredInWindow++
    // Open loop only: every message of the phase counts, late ones most of all. Under a closed loop the latency
    // is queueing (in flight ÷ rate, Little's law) and says nothing the throughput does not.
    if (current.mode === 'latency') current.latencies.push(now - message.data.t)
  }

  const runPhase = (request) => {
    const { server, mode, seconds, rate, window } = request
    const entries = sockets[server]
    const startedAt = performance.now()
    const endsAt = startedAt + seconds * 1000
    // Saturation ramps up first; latency counts from the start (its rate is fixed from the first tick).
    const windowStart = mode === 'saturation' ? startedAt + Math.min(2000, seconds * 200) : startedAt
    current = {
      id: request.id,
      mode,
      running: true,
      published: 0,
      publishedInWindow: 0,
      delivered: 0,
      deliveredInWindow: 0,
      latencies: [],
      errors: 0,
      firstError: null,
      measuring () {
        const now = performance.now()
        return now >= windowStart && now < endsAt
      }
    }
    const phase = current
    let ticker = null
    if (mode === 'saturation') {
      for (const entry of entries) for (let k = 0; k < window; k++) publish(entry)
    } else {
      // Open loop: the clients take turns so each publishes rate/clients times a second.
      let sent = 0
      let next = 0
      ticker = setInterval(() => {
        const due = Math.floor((performance.now() - startedAt) / 1000 * rate)
        for (; sent < due && performance.now() < endsAt; sent++) {
          publish(entries[next])
          next = (next + 1) % entries.length
        }
      }, 1)
    }
    setTimeout(() => {
      phase.running = false
      if (ticker) clearInterval(ticker)
      // Let what is in flight arrive (bounded), so the next phase starts on quiet sockets.
      const drainUntil = performance.now() + 10_000
      const drained = () => entries.every(entry => entry.inFlight <= 0)
      const finish = () => {
        const measuredSeconds = (endsAt - windowStart) / 1000
        const latencies = Float64Array.from(phase.latencies)
        const expected = phase.published * (clientsPerTopic(entries) - 1)
        current = null
        for (const entry of entries) entry.inFlight = 0
        parentPort.postMessage({
          id: request.id,
          published: phase.published,
          publishedInWindow: phase.publishedInWindow,
          delivered: phase.delivered,
          deliveredInWindow: phase.deliveredInWindow,
          lost: mode === 'latency' ? Math.max(0, expected - phase.delivered) : 0,
          errors: phase.errors,
          closes: entries.filter(entry => entry.socket.readyState !== WebSocket.OPEN).length,
          firstError: phase.firstError,
          measuredSeconds,
          latencyCount: latencies.length,
          latencies: latencies.buffer
        }, [latencies.buffer])
      }
      const poll = setInterval(() => {
        if (drained() || performance.now() > drainUntil) {
          clearInterval(poll)
          // Deliveries to the others may trail the sender's own echo by a moment.
          setTimeout(finish, 200)
        }
      }, 20)
    }, seconds * 1000)
  }

  parentPort.on('message', request => {
    try {
      if (request.cmd === 'connect') connect(request.server, request)
      else if (request.cmd === 'phase') runPhase(request)
      else if (request.cmd === 'close') {
        for (const list of Object.values(sockets)) for (const entry of list) entry.socket.close()
        reply(request, {})
      }
    } catch (error) {
      reply(request, { error: String(error.stack || error) })
    }
  })
}

function clientsPerTopic (entries) {
  const counts = new Map()
  for (const entry of entries) counts.set(entry.client.topic, (counts.get(entry.client.topic) || 0) + 1)
  return Math.min(...counts.values())
}
