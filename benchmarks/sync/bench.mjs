// Guildhall's /sync against the y-websocket reference server (@y/websocket-server) and Hocuspocus, each started in
// turn on 127.0.0.1 and driven with the same workloads by real Yjs clients: the unmodified y-websocket
// WebsocketProvider for Guildhall and the reference server, Hocuspocus's own HocuspocusProvider for Hocuspocus.
//
//   busy  one document, many clients, a few of them typing: every edit is a text insert at the end of a Y.Text that
//         carries its writer, sequence number and send time; every other client observes it arrive.
//   many  many documents with a few clients each, one (or more) typing in each: the same edits.
//   Both are measured twice: an open loop at a fixed edit rate (fan-out latency = arrival at each other client −
//   the send time inside the text), and a closed loop where each writer keeps WINDOW edits in flight and sends the
//   next when one has arrived at every other client of its document (throughput).
//   memory  live memory after GC before and after opening N documents with some content, one client each.
//
// Every phase and wait has a deadline; a watchdog ends the run whatever happens. Settings come from the environment
// (README.md); all traffic is to 127.0.0.1.
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { PerformanceObserver, monitorEventLoopDelay, performance } from 'node:perf_hooks'

const here = path.dirname(fileURLToPath(import.meta.url))
// Slots per writer in the shared completion counters; a writer never has more edits in flight than this.
const RING = 64
// Shared counters: [0] edits sent, [1] deliveries (edits arrived at another client), [2] client threads done
// sending in this phase, then RING slots per writer.
const SENT = 0
const DELIVERED = 1
const STOPPED = 2
const SLOTS = 3
const STAMP = /\[(\d+)\.(\d+)\.(\d+)\.(\d+)\]/g

// One clock for every thread: CLOCK_MONOTONIC in microseconds.
const nowUs = () => Number(process.hrtime.bigint() / 1000n)

// A diagnosis: deliveries slower than this (ms) are listed by the wall-clock time they were sent, to line them up
// with a server's GC or application log. 0 (the default) lists nothing.
const SLOW_MS = Number(process.env.BENCH_SLOW_MS || 0)

if (isMainThread) {
  await main()
} else {
  await runWorker(workerData)
}

// ---------------------------------------------------------------------------------------------------------------
// Main thread: the servers, the scenarios, the phases, the table.

async function main () {
  const setting = (name, fallback) => process.env[name] === undefined || process.env[name] === '' ? fallback : process.env[name]
  const number = (name, fallback) => {
    const value = Number(setting(name, fallback))
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`)
    return value
  }
  const config = {
    busyClients: number('BENCH_BUSY_CLIENTS', 50),
    busyWriters: number('BENCH_BUSY_WRITERS', 5),
    busyRate: number('BENCH_BUSY_RATE', 25),
    busyWindow: number('BENCH_BUSY_WINDOW', 8),
    docs: number('BENCH_DOCS', 200),
    docClients: number('BENCH_DOC_CLIENTS', 3),
    docWriters: number('BENCH_DOC_WRITERS', 1),
    manyRate: number('BENCH_MANY_RATE', 400),
    manyWindow: number('BENCH_MANY_WINDOW', 2),
    latencySeconds: number('BENCH_LATENCY_SECONDS', 15),
    saturationSeconds: number('BENCH_SATURATION_SECONDS', 15),
    warmupSeconds: number('BENCH_WARMUP_SECONDS', 120),
    nodeWarmupSeconds: number('BENCH_NODE_WARMUP_SECONDS', 30),
    warmupRateSeconds: number('BENCH_WARMUP_RATE_SECONDS', 20),
    memoryDocs: number('BENCH_MEMORY_DOCS', 200),
    memoryEdits: number('BENCH_MEMORY_EDITS', 300),
    workers: number('BENCH_WORKERS', 2),
    awareness: setting('BENCH_AWARENESS', 'on') !== 'off',
    drainSeconds: number('BENCH_DRAIN_SECONDS', 15),
    quietCores: number('BENCH_QUIET_CORES', 0.05),
    quietSeconds: number('BENCH_QUIET_SECONDS', 3),
    quietMaxSeconds: number('BENCH_QUIET_MAX_SECONDS', 300),
    compactedRows: number('BENCH_COMPACTED_ROWS', 200),
    javaOpts: setting('BENCH_JAVA_OPTS', '-Xms1g -Xmx1g'),
    servers: setting('BENCH_SERVERS', 'guildhall,y-websocket,hocuspocus').split(',').map(s => s.trim()).filter(Boolean),
    scenarios: setting('BENCH_SCENARIOS', 'memory,busy,many').split(',').map(s => s.trim()).filter(Boolean),
    threadDumps: setting('BENCH_THREAD_DUMPS_DIR', ''),
    keepLogs: setting('BENCH_KEEP_LOGS', ''),
    skipBuild: setting('GUILDHALL_SKIP_BUILD', 'false') === 'true'
  }
  for (const [name, value] of [['BENCH_BUSY_WINDOW', config.busyWindow], ['BENCH_MANY_WINDOW', config.manyWindow]]) {
    if (value >= RING) throw new Error(`${name} must be below ${RING}`)
  }
  if (config.busyWriters > config.busyClients || config.docWriters > config.docClients) {
    throw new Error('there cannot be more writers than clients in a document')
  }
  if (config.busyClients < 2 || config.docClients < 2) throw new Error('a document needs at least 2 clients')
  const known = ['guildhall', 'y-websocket', 'hocuspocus']
  for (const id of config.servers) if (!known.includes(id)) throw new Error(`BENCH_SERVERS: unknown server ${id} (${known.join(', ')})`)
  // The reference servers have no rate limit; Guildhall's default (100 messages/s per socket, burst 300) would refuse
  // saturation edits, so the benchmark lifts it and says so. Everything else is Guildhall as shipped.
  const guildhallLimits = {
    messagesPerSecond: setting('GUILDHALL_SYNC_MESSAGES_PER_SECOND', '1000000'),
    burst: setting('GUILDHALL_SYNC_MESSAGE_BURST', '1000000')
  }
  const guildhallJavaOpts = `${config.javaOpts} -Dguildhall.sync.messages-per-second=${guildhallLimits.messagesPerSecond}` +
    ` -Dguildhall.sync.message-burst=${guildhallLimits.burst}`

  const started = Date.now()
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-sync-bench-'))
  const children = new Set()
  let workers = []
  let finished = false
  const running = child => child.exitCode === null && child.signalCode === null
  const cleanup = () => {
    for (const worker of workers) worker.terminate()
    for (const child of children) if (running(child)) child.kill('SIGKILL')
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  const watchdogSeconds = number('BENCH_WATCHDOG_SECONDS', 1200)
  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${watchdogSeconds}s; stopping everything`)
    cleanup()
    process.exit(3)
  }, watchdogSeconds * 1000)
  watchdog.unref()
  process.on('exit', () => { if (!finished) cleanup() })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { cleanup(); process.exit(130) })

  const log = message => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}`)
  const loadBefore = os.loadavg()
  log(`${os.cpus().length} cores (${os.cpus()[0].model}), load average ${loadBefore.map(l => l.toFixed(2)).join(' ')}; ` +
    `servers in turn: ${config.servers.join(', ')}`)

  if (config.servers.includes('guildhall') && !config.skipBuild) {
    // Built once up front so the build is not part of any server's timings.
    log('building Guildhall (mvn package, tests skipped)')
    await run('mvn', ['-q', '-B', '-DskipTests', '-Dspotless.check.skip=true', '-pl', 'runtime', '-am', 'package'],
      { cwd: path.join(here, '..', '..'), timeoutMs: 600_000 })
  }

  // --- the client threads, kept for the whole run
  workers = Array.from({ length: config.workers }, (_, i) => new Worker(fileURLToPath(import.meta.url), { workerData: { index: i } }))
  let nextRequest = 0
  const ask = (worker, command, timeoutMs) => new Promise((resolve, reject) => {
    const id = nextRequest++
    const done = () => {
      clearTimeout(timer)
      worker.off('message', onMessage)
      worker.off('error', onError)
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error(`client thread did not answer ${command.cmd} within ${timeoutMs} ms`))
    }, timeoutMs)
    const onMessage = reply => {
      if (reply.id !== id) return
      done()
      if (reply.error) reject(new Error(reply.error))
      else resolve(reply)
    }
    const onError = error => {
      done()
      reject(error)
    }
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.postMessage({ ...command, id })
  })

  // --- the workloads: which client of which document writes, on which thread
  const scenarios = {
    busy: layout('busy', 1, config.busyClients, config.busyWriters, config.workers, 'split'),
    many: layout('many', config.docs, config.docClients, config.docWriters, config.workers, 'whole'),
    warmBusy: layout('warm-busy', 1, config.busyClients, config.busyWriters, config.workers, 'split'),
    warmMany: layout('warm-many', Math.min(50, config.docs), config.docClients, config.docWriters, config.workers, 'whole'),
    memoryWarm: layout('memory-warm', 10, 1, 0, config.workers, 'whole'),
    memoryEmpty: layout('memory-empty', config.memoryDocs, 1, 0, config.workers, 'whole'),
    memory: layout('memory', config.memoryDocs, 1, 0, config.workers, 'whole')
  }
  const tokensNeeded = Math.max(...Object.values(scenarios).map(s => s.clients.length),
    scenarios.warmBusy.clients.length + scenarios.warmMany.clients.length,
    scenarios.memoryWarm.clients.length + scenarios.memoryEmpty.clients.length + scenarios.memory.clients.length)
  const content = await import('yjs').then(Y => makeContent(Y, config.memoryEdits))

  const results = {}
  const problems = []
  for (const serverId of config.servers) {
    const server = await startServer(serverId)
    const name = server.name
    const result = results[serverId] = { name }
    try {
      const tokens = server.mintTokens ? await server.mintTokens(tokensNeeded) : null
      if (tokens) log(`minted ${tokens.length} Guildhall tokens`)
      const endpoint = { kind: serverId, port: server.port }
      let tokenOffset = 0
      const open = async (scenario, withContent = false) => {
        const t0 = Date.now()
        const sab = new SharedArrayBuffer(4 * (SLOTS + scenario.writers * RING))
        scenario.counters = new Int32Array(sab)
        const offset = tokenOffset
        tokenOffset += scenario.clients.length
        await Promise.all(workers.map((worker, w) => ask(worker, {
          cmd: 'open',
          scenario: scenario.id,
          endpoint,
          sab,
          awareness: config.awareness,
          content: withContent ? content.update : null,
          clients: scenario.byWorker[w].map(c => ({ ...c, token: tokens ? tokens[(offset + c.index) % tokens.length] : null }))
        }, 120_000)))
        log(`${name}: ${scenario.clients.length} clients on ${scenario.docs} document(s) synced in ${Date.now() - t0} ms`)
      }
      const close = async scenario => {
        await Promise.all(workers.map(worker => ask(worker, { cmd: 'close', scenario: scenario.id }, 60_000)))
        tokenOffset = 0
      }
      let phaseId = 0
      // One phase on one scenario: the client threads send (open or closed loop) until its end, then it waits until
      // every edit sent has arrived at every other client of its document (bounded), then collects the figures.
      const phase = async (scenario, mode, seconds, extra = {}) => {
        const id = ++phaseId
        const counters = scenario.counters
        counters.fill(0)
        const t0 = nowUs() + 100_000
        const end = t0 + seconds * 1_000_000
        // The closed loop ramps up first; the open loop counts from its first edit.
        const windowStart = mode === 'saturation' ? t0 + Math.min(2_000_000, seconds * 200_000) : t0
        await Promise.all(workers.map((worker, w) => ask(worker, {
          cmd: 'phase',
          scenario: scenario.id,
          phase: id,
          mode,
          t0,
          end,
          windowStart,
          window: extra.window || 1,
          firstOnly: Boolean(extra.firstOnly),
          needed: scenario.perDoc - 1,
          rate: extra.rate ? extra.rate * scenario.writersByWorker[w] / scenario.writers : 0
        }, 10_000)))
        const dumps = serverId === 'guildhall' && config.threadDumps && mode === 'saturation' && extra.dumps
          ? threadDumps(server.pid, path.join(config.threadDumps, `${scenario.id}-${id}`), t0, end)
          : null
        await sleepUntilUs(windowStart)
        const cpuStart = server.cpuSeconds()
        await sleepUntilUs(end)
        const cpuEnd = server.cpuSeconds()
        const cpu = (cpuEnd - cpuStart) / ((end - windowStart) / 1e6)
        const expected = () => Atomics.load(counters, SENT) * (scenario.perDoc - 1)
        const drainUntil = Date.now() + config.drainSeconds * 1000
        const drainStart = Date.now()
        // A client thread whose event loop runs late may not have sent yet: what it will send counts too.
        while (Atomics.load(counters, STOPPED) < workers.length && Date.now() < drainUntil) await sleep(20)
        while (Atomics.load(counters, DELIVERED) < expected() && Date.now() < drainUntil) await sleep(20)
        const drainMs = Date.now() - drainStart
        await sleep(200)
        if (dumps) await dumps
        const replies = await Promise.all(workers.map(worker => ask(worker, { cmd: 'collect', scenario: scenario.id }, 30_000)))
        const merged = mergeReplies(replies, (end - windowStart) / 1e6)
        merged.lost = Math.max(0, merged.sent * (scenario.perDoc - 1) - merged.delivered)
        merged.serverCores = cpu
        merged.drainMs = drainMs
        merged.editsPerSecond = merged.deliveredPerSecond / (scenario.perDoc - 1)
        merged.framesPerDelivery = merged.framesInWindow / merged.deliveredInWindow
        return merged
      }
      // Every writer's first edit must reach every other client before anything is measured. The first writer of
      // each document goes first, alone: Guildhall refuses concurrent first updates to a new document (README).
      const probe = async scenario => {
        for (const firstOnly of [true, false]) {
          const r = await phase(scenario, 'probe', 0.001, { firstOnly })
          if (r.warnings > 0) problems.push(`${name} ${scenario.id} probe: ${r.warnings} client warnings (first: ${r.firstWarning})`)
          if (r.lost > 0) throw new Error(`${name}: ${r.lost} of the probe's deliveries did not arrive (${r.firstWarning || 'no warning'})`)
        }
      }
      const check = (label, r, mode, rate, seconds) => {
        if (r.warnings > 0) problems.push(`${name} ${label}: ${r.warnings} client warnings (first: ${r.firstWarning})`)
        if (r.disconnects > 0) problems.push(`${name} ${label}: ${r.disconnects} client sockets closed (first: ${r.firstClose})`)
        if (r.lost > 0) problems.push(`${name} ${label}: ${r.lost} deliveries missing after the drain`)
        if (mode === 'latency' && r.sent < 0.95 * rate * seconds) {
          problems.push(`${name} ${label}: the clients sent only ${r.sent} of ${Math.round(rate * seconds)} edits`)
        }
      }

      // 3. memory first, on a fresh server: a few documents open so lazily built state exists, then N more.
      if (config.scenarios.includes('memory')) {
        await open(scenarios.memoryWarm, true)
        await sleep(2000)
        const before = await server.memory()
        log(`${name}: baseline ${mb(before.heap)} heap after GC, ${mb(before.rss)} RSS (${scenarios.memoryWarm.docs} documents open)`)
        // Empty documents first: what a document and its client cost before there is anything in it.
        await open(scenarios.memoryEmpty)
        await sleep(3000)
        const empty = await server.memory()
        await open(scenarios.memory, true)
        await sleep(3000)
        const after = await server.memory()
        result.memory = {
          before,
          empty,
          after,
          heapPerEmptyDoc: (empty.heap - before.heap) / config.memoryDocs,
          heapPerDoc: (after.heap - empty.heap) / config.memoryDocs,
          rssPerDoc: (after.rss - empty.rss) / config.memoryDocs
        }
        log(`${name}: ${config.memoryDocs} empty documents: ${mb(empty.heap)} heap after GC, ${mb(empty.rss)} RSS ` +
          `→ ${kb(result.memory.heapPerEmptyDoc)} heap per document`)
        log(`${name}: ${config.memoryDocs} documents with content: ${mb(after.heap)} heap after GC, ${mb(after.rss)} RSS ` +
          `→ ${kb(result.memory.heapPerDoc)} heap, ${kb(result.memory.rssPerDoc)} RSS per document`)
        await close(scenarios.memory)
        await close(scenarios.memoryEmpty)
        await close(scenarios.memoryWarm)
      }

      // Warm-up on documents of its own, both workloads at once, discarded.
      const warmSeconds = serverId === 'guildhall' ? config.warmupSeconds : config.nodeWarmupSeconds
      await open(scenarios.warmBusy)
      await open(scenarios.warmMany)
      await probe(scenarios.warmBusy)
      await probe(scenarios.warmMany)
      log(`${name}: warming up for ${warmSeconds}s (both workloads at saturation, discarded)`)
      const [warmBusy, warmMany] = await Promise.all([
        phase(scenarios.warmBusy, 'saturation', warmSeconds, { window: config.busyWindow }),
        phase(scenarios.warmMany, 'saturation', warmSeconds, { window: config.manyWindow })
      ])
      log(`  warm-up done: ${Math.round(warmBusy.editsPerSecond)} + ${Math.round(warmMany.editsPerSecond)} edits/s delivered to all`)
      // Then the fixed rates of the latency phases: a JIT warmed at saturation only still compiled for ten seconds into
      // the first latency phase (async-profiler: HotSpot's C2 thread at 30 % of a core, 2026-12-07), the code paths of a
      // writer that waits for each edit being others than those of one that always has a batch.
      log(`${name}: warming up for ${config.warmupRateSeconds}s at the latency phases' rates (discarded)`)
      await Promise.all([
        phase(scenarios.warmBusy, 'latency', config.warmupRateSeconds, { rate: config.busyRate }),
        phase(scenarios.warmMany, 'latency', config.warmupRateSeconds,
          { rate: config.manyRate * scenarios.warmMany.docs / config.docs })
      ])
      await close(scenarios.warmBusy)
      await close(scenarios.warmMany)

      for (const [key, rate, window] of [['busy', config.busyRate, config.busyWindow], ['many', config.manyRate, config.manyWindow]]) {
        if (!config.scenarios.includes(key)) continue
        const scenario = scenarios[key]
        const quiet = await quiesce(server, name, config, log)
        await open(scenario)
        await probe(scenario)
        // The client threads' own garbage (the warm-up's documents, 600 clients just set up) is collected before the
        // phase, not during it: one client thread's 86 ms collection set a many-documents p99 (2026-12-07).
        await Promise.all(workers.map(worker => ask(worker, { cmd: 'gc' }, 30_000)))
        log(`${name} ${key}: latency at ${rate} edits/s for ${config.latencySeconds}s`)
        const kernel = SLOW_MS > 0 ? watchKernelThreads(kernelMonitors()) : null
        const latency = await phase(scenario, 'latency', config.latencySeconds, { rate })
        const ticks = kernel ? kernel() : []
        check(`${key} latency`, latency, 'latency', rate, config.latencySeconds)
        log(`  p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}, ${latency.samples} samples, server ${latency.serverCores.toFixed(2)} cores, ` +
          `${latency.framesPerDelivery.toFixed(2)} frames to the clients per edit delivered`)
        for (const line of clientPauses(latency)) log(line)
        const bursts = groupSlow(latency.slow)
        for (const line of kernelTicks(ticks, bursts)) log(line)
        for (const line of slowBursts(bursts, ticks)) log(line)
        log(`${name} ${key}: saturation, ${window} edits in flight per writer, for ${config.saturationSeconds}s`)
        const saturation = await phase(scenario, 'saturation', config.saturationSeconds, { window, dumps: true })
        check(`${key} saturation`, saturation, 'saturation')
        log(`  ${Math.round(saturation.editsPerSecond)} edits/s delivered to all, ${Math.round(saturation.deliveredPerSecond)} deliveries/s, ` +
          `server ${saturation.serverCores.toFixed(2)} cores, client threads busy ${saturation.clientBusy.map(b => b.toFixed(2)).join('/')}, ` +
          `${saturation.framesPerDelivery.toFixed(2)} frames per edit delivered, drained in ${saturation.drainMs} ms`)
        result[key] = { latency, saturation, quiet }
        await close(scenario)
      }
    } finally {
      await server.stop()
      log(`${name} stopped`)
    }
  }
  const loadAfter = os.loadavg()
  log(`load average ${loadAfter.map(l => l.toFixed(2)).join(' ')}`)
  printTable(config, scenarios, results, content, guildhallLimits, loadBefore, loadAfter)
  for (const problem of problems) console.log(`WARNING: ${problem}`)
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`)
  for (const worker of workers) await worker.terminate()
  workers = []
  finished = true
  cleanup()
  process.exit(problems.length > 0 ? 1 : 0)

  // --- the servers

  async function startServer (id) {
    const port = await freePort()
    if (id === 'guildhall') {
      let adminToken = null
      const dataDir = fs.mkdtempSync(path.join(tmp, 'guildhall-'))
      log(`starting Guildhall on 127.0.0.1:${port} (run.sh, last build; JAVA_OPTS="${guildhallJavaOpts}")`)
      const child = spawn('bash', [path.join(here, '..', '..', 'run.sh')], {
        env: {
          ...withoutGuildhallSettings(process.env),
          GUILDHALL_PORT: String(port),
          GUILDHALL_DATA_DIR: dataDir,
          GUILDHALL_DEV_MODE: 'true',
          GUILDHALL_SKIP_BUILD: 'true',
          JAVA_OPTS: guildhallJavaOpts
        },
        stdio: ['ignore', 'pipe', 'pipe']
      })
      children.add(child)
      const logFile = path.join(dataDir, 'server.log')
      const out = fs.createWriteStream(logFile)
      child.stdout.pipe(out)
      child.stderr.pipe(out)
      await awaitOutput(child, /^Guildhall is ready on/m, 300_000, 'Guildhall', () => fs.readFileSync(logFile, 'utf8'))
      log(`Guildhall is ready (JVM pid ${child.pid})`)
      return {
        name: 'Guildhall',
        port,
        pid: child.pid,
        cpuSeconds: () => cpuSeconds(child.pid),
        mintTokens: count => mintTokens(`http://127.0.0.1:${port}`, count),
        // Documents whose log is still longer than the compaction threshold: background work still to do.
        uncompacted: async () => {
          const base = `http://127.0.0.1:${port}`
          adminToken = adminToken || (await mintTokens(base, 1, ['admin']))[0]
          let count = 0
          let after = null // the listing's own cursor ("more"), null on its last page
          for (;;) {
            const response = await fetch(`${base}/sync/api/documents?limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`, {
              headers: { Authorization: `Bearer ${adminToken}` },
              signal: AbortSignal.timeout(30_000)
            })
            if (response.status !== 200) throw new Error(`document listing: HTTP ${response.status} ${await response.text()}`)
            const page = await response.json()
            count += page.documents.filter(d => d.updates > config.compactedRows).length
            if (!page.more) return count
            after = page.more
          }
        },
        memory: async () => {
          await run('jcmd', [String(child.pid), 'GC.run'], { timeoutMs: 60_000 })
          const info = await run('jcmd', [String(child.pid), 'GC.heap_info'], { timeoutMs: 60_000 })
          // The heap's line, not Metaspace's: G1 prints "total 1048576K, used 70000K", Shenandoah "1024M committed,
          // 64414K used", and both then print "Metaspace used 101584K".
          const heapPart = info.split(/^\s*Metaspace/m)[0]
          const used = /used (\d+)K/.exec(heapPart) || /(\d+)K used/.exec(heapPart)
          if (!used) throw new Error(`jcmd GC.heap_info: no heap figure in\n${info}`)
          return { heap: Number(used[1]) * 1024, rss: rssBytes(child.pid) }
        },
        stop: async () => {
          await stopChild(child, 'SIGINT')
          if (config.keepLogs) {
            fs.mkdirSync(config.keepLogs, { recursive: true })
            fs.copyFileSync(logFile, path.join(config.keepLogs, 'guildhall.log'))
          }
        }
      }
    }
    const memoryFile = path.join(tmp, `${id}-memory.json`)
    const script = id === 'y-websocket'
      ? path.join(here, 'node_modules', '@y', 'websocket-server', 'src', 'server.js')
      : path.join(here, 'hocuspocus-server.mjs')
    const child = spawn(process.execPath, ['--expose-gc', '--require', path.join(here, 'memory-probe.cjs'), script], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), BENCH_MEMORY_FILE: memoryFile },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    children.add(child)
    const name = id === 'y-websocket' ? 'y-websocket server' : 'Hocuspocus'
    await awaitOutput(child, id === 'y-websocket' ? /running at/ : /Hocuspocus running/, 30_000, name)
    log(`${name} is ready on 127.0.0.1:${port} (pid ${child.pid}, node ${process.version})`)
    child.stdout.resume()
    return {
      name,
      port,
      pid: child.pid,
      cpuSeconds: () => cpuSeconds(child.pid),
      memory: async () => {
        const previous = fs.existsSync(memoryFile) ? fs.statSync(memoryFile).mtimeMs : 0
        const asked = Date.now()
        child.kill('SIGUSR2')
        while (!fs.existsSync(memoryFile) || fs.statSync(memoryFile).mtimeMs === previous) {
          if (Date.now() - asked > 20_000) throw new Error(`${name} did not report its memory`)
          await sleep(50)
        }
        const usage = JSON.parse(fs.readFileSync(memoryFile, 'utf8'))
        // Live JS heap plus the buffers outside it (the JVM's byte[] are on its heap).
        return { heap: usage.heapUsed + usage.external, rss: rssBytes(child.pid) }
      },
      stop: () => stopChild(child, 'SIGTERM')
    }
  }

  async function stopChild (child, signal) {
    if (!running(child)) return
    child.kill(signal)
    const exited = await Promise.race([once(child, 'exit').then(() => true), sleep(30_000).then(() => false)])
    if (!exited) child.kill('SIGKILL')
    children.delete(child)
  }

  // Thread dumps of the JVM every 2 s of a phase, to a folder, when BENCH_THREAD_DUMPS_DIR is set.
  async function threadDumps (pid, dir, t0, end) {
    fs.mkdirSync(dir, { recursive: true })
    await sleepUntilUs(t0 + 3_000_000)
    for (let i = 0; nowUs() < end - 1_000_000 && i < 30; i++) {
      try {
        fs.writeFileSync(path.join(dir, `dump-${i}.txt`), await run('jcmd', [String(pid), 'Thread.print'], { timeoutMs: 20_000 }))
      } catch (error) {
        log(`thread dump failed: ${error.message}`)
      }
      await sleep(2000)
    }
  }
}

// Which clients a scenario has, which of them write, and which thread drives each. 'split' deals the clients of a
// document out to the threads in turn (one document, many clients); 'whole' keeps each document on one thread.
function layout (id, docs, perDoc, writersPerDoc, workerCount, mode) {
  const clients = []
  let writer = 0
  for (let d = 0; d < docs; d++) {
    for (let k = 0; k < perDoc; k++) {
      const index = clients.length
      clients.push({
        index,
        doc: docs === 1 ? `${id}-doc` : `${id}-doc-${d}`,
        writer: k < writersPerDoc ? writer++ : -1,
        firstWriter: k === 0 && writersPerDoc > 0,
        worker: mode === 'split' ? index % workerCount : d % workerCount
      })
    }
  }
  const byWorker = Array.from({ length: workerCount }, (_, w) => clients.filter(c => c.worker === w))
  return {
    id,
    docs,
    perDoc,
    clients,
    writers: writer,
    byWorker,
    writersByWorker: byWorker.map(list => list.filter(c => c.writer >= 0).length)
  }
}

// "Some content" for the memory phase: two authors typing words at random places, deleting now and then and
// setting a few map entries, in step every ten edits, so the document holds interleaved items, deletions and
// tombstones as an edited document does. Deterministic: the same bytes for every server and run.
function makeContent (Y, edits) {
  let seed = 42
  const random = () => {
    seed = (seed + 0x6D2B79F5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const authors = [new Y.Doc(), new Y.Doc()]
  authors[0].clientID = 1001
  authors[1].clientID = 1002
  const words = ['sync', 'guild', 'hall', 'yjs', 'document', 'edit', 'the', 'of', 'server', 'client', 'fan', 'out']
  for (let i = 0; i < edits; i++) {
    const doc = authors[i % 2]
    const text = doc.getText('t')
    const roll = random()
    if (roll < 0.8 || text.length < 20) {
      text.insert(Math.floor(random() * (text.length + 1)), words[Math.floor(random() * words.length)] + ' ')
    } else if (roll < 0.95) {
      const at = Math.floor(random() * (text.length - 5))
      text.delete(at, 1 + Math.floor(random() * 5))
    } else {
      doc.getMap('m').set(`k${Math.floor(random() * 20)}`, { n: i, s: 'value' })
    }
    if (i % 10 === 9) {
      Y.applyUpdate(authors[1 - i % 2], Y.encodeStateAsUpdate(doc, Y.encodeStateVector(authors[1 - i % 2])))
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(authors[1 - i % 2], Y.encodeStateVector(doc)))
    }
  }
  Y.applyUpdate(authors[0], Y.encodeStateAsUpdate(authors[1]))
  const update = Y.encodeStateAsUpdate(authors[0])
  return { update, bytes: update.length, textLength: authors[0].getText('t').length }
}

function mergeReplies (replies, measuredSeconds) {
  const sum = key => replies.reduce((total, reply) => total + reply[key], 0)
  const latencies = new Float64Array(sum('latencyCount'))
  let offset = 0
  for (const reply of replies) {
    latencies.set(new Float64Array(reply.latencies), offset)
    offset += reply.latencyCount
  }
  latencies.sort()
  return {
    sent: sum('sent'),
    delivered: sum('delivered'),
    warnings: sum('warnings'),
    disconnects: sum('disconnects'),
    firstWarning: replies.map(r => r.firstWarning).find(Boolean),
    firstClose: replies.map(r => r.firstClose).find(Boolean),
    deliveredInWindow: sum('deliveredInWindow'),
    framesInWindow: sum('framesInWindow'),
    deliveredPerSecond: sum('deliveredInWindow') / measuredSeconds,
    clientBusy: replies.map(r => r.busy),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    samples: latencies.length,
    slow: replies.flatMap(r => r.slow),
    gc: replies.map(r => r.gc),
    loopDelayMaxMs: replies.map(r => r.loopDelayMaxMs)
  }
}

// The client threads' pauses during a phase: their garbage collections and how late their timers ran (with
// BENCH_SLOW_MS, each collection longer than half of it, to lay beside the slow deliveries).
function clientPauses (r) {
  const threads = r.gc.map((pauses, i) => {
    const total = pauses.reduce((sum, [, d]) => sum + d, 0)
    const longest = pauses.reduce((max, [, d]) => Math.max(max, d), 0)
    return `thread ${i}: ${pauses.length} GCs, ${total.toFixed(0)} ms in all, longest ${longest.toFixed(1)} ms, ` +
      `event loop late by up to ${r.loopDelayMaxMs[i].toFixed(1)} ms`
  })
  const lines = [`    client ${threads.join('; ')}`]
  if (SLOW_MS > 0) {
    r.gc.forEach((pauses, i) => {
      for (const [at, d] of pauses) {
        if (d > SLOW_MS / 2) lines.push(`    client GC: thread ${i} at ${new Date(at).toISOString().slice(11, 23)} UTC, ${d.toFixed(1)} ms`)
      }
    })
  }
  return lines
}

// The kernel's DAMON memory monitor (kdamond threads, where the machine runs one) samples every page region at a
// fixed interval (0.5 s on the project's machine, 2026-12-07) and then holds a vCPU for 3–35 ms without being
// preempted (the kernel is built without preemption): with BENCH_SLOW_MS its runs during each latency phase are
// logged, to lay beside the slow deliveries. Returns a function that stops watching and gives the runs, each
// { start, end, cpuMs } (CPU read every 5 ms from /proc/<pid>/schedstat, reads less than 200 ms apart joined; a
// run is seen only once it has used CPU, so its start is estimated as the first read minus what it had used by then
// and one period).
// (Found once, kept on the function: main() runs before this module's top-level bindings below it exist.)
function kernelMonitors () {
  if (kernelMonitors.pids === undefined) {
    try {
      kernelMonitors.pids = fs.readdirSync('/proc').filter(entry => /^\d+$/.test(entry)).filter(pid => {
        try { return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('kdamond') } catch { return false }
      })
    } catch { kernelMonitors.pids = [] }
  }
  return kernelMonitors.pids
}

function watchKernelThreads (pids) {
  const cpuNs = pid => {
    try { return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) } catch { return NaN }
  }
  const last = new Map(pids.map(pid => [pid, cpuNs(pid)]))
  const runs = []
  const timer = setInterval(() => {
    let ranMs = 0
    for (const pid of pids) {
      const now = cpuNs(pid)
      if (now > last.get(pid)) ranMs += (now - last.get(pid)) / 1e6
      last.set(pid, now)
    }
    if (ranMs === 0) return
    const at = Date.now()
    const previous = runs[runs.length - 1]
    if (previous && at - previous.end < 200) {
      previous.end = at
      previous.cpuMs += ranMs
    } else {
      runs.push({ start: at - ranMs - 5, end: at, cpuMs: ranMs })
    }
  }, 5)
  return () => {
    clearInterval(timer)
    return runs
  }
}

// One line on the kernel monitor's runs in a phase, and how many slow bursts (groupSlow) began while one ran. By
// chance alone that share would be the share of the phase's time the runs spanned, also printed.
function kernelTicks (ticks, bursts) {
  if (kernelMonitors().length === 0) return []
  if (ticks.length === 0) return ['    kdamond: did not run']
  const cpu = ticks.map(t => t.cpuMs).sort((a, b) => a - b)
  const during = bursts.filter(b => ticks.some(t => b.start >= t.start - 5 && b.start <= t.end + 5)).length
  const spanned = ticks.reduce((sum, t) => sum + (t.end - t.start + 10), 0) / (ticks[ticks.length - 1].end - ticks[0].start + 10)
  return [`    kdamond: ${ticks.length} runs, CPU per run p50 ${quantile(cpu, 0.5).toFixed(1)} ms, max ${cpu[cpu.length - 1].toFixed(1)} ms, ` +
    `spanning ${(100 * spanned).toFixed(1)} % of the time; ${during} of ${bursts.length} slow bursts began during one`]
}

// Milliseconds from a time to the start of the nearest kernel monitor run (negative: the run began after it).
function nearestTick (ticks, at) {
  let best = null
  for (const t of ticks) if (best === null || Math.abs(at - t.start) < Math.abs(best)) best = at - t.start
  return best
}

// Slow deliveries grouped into bursts: sends less than 250 ms apart belong to one burst.
function groupSlow (slow) {
  const sorted = [...slow].sort((a, b) => a[0] - b[0])
  const bursts = []
  for (const [sentAt, latency] of sorted) {
    const last = bursts[bursts.length - 1]
    if (last && sentAt - last.end < 250) {
      last.end = sentAt
      last.count++
      last.max = Math.max(last.max, latency)
    } else {
      bursts.push({ start: sentAt, end: sentAt, count: 1, max: latency })
    }
  }
  return bursts
}

function slowBursts (bursts, ticks) {
  return bursts.map(b => {
    const tick = ticks.length > 0 ? nearestTick(ticks, b.start) : null
    return `    slow: sent ${new Date(b.start).toISOString().slice(11, 23)}–${new Date(b.end).toISOString().slice(17, 23)} UTC, ` +
      `${b.count} deliveries over ${SLOW_MS} ms, the slowest ${b.max.toFixed(1)} ms` +
      (tick !== null && Math.abs(tick) <= 50
        ? `, ${Math.abs(tick).toFixed(0)} ms ${tick >= 0 ? 'after' : 'before'} kdamond began a run`
        : '')
  })
}

function quantile (sorted, q) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

function ms (value) { return Number.isFinite(value) ? `${value.toFixed(2)} ms` : 'n/a' }
function mb (bytes) { return Number.isFinite(bytes) ? `${(bytes / 1048576).toFixed(1)} MB` : 'n/a' }
function kb (bytes) { return Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : 'n/a' }

function printTable (config, scenarios, results, content, limits, loadBefore, loadAfter) {
  const ids = Object.keys(results)
  const others = ids.filter(id => id !== 'guildhall')
  const count = value => Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a'
  const cores = value => Number.isFinite(value) ? value.toFixed(2) : 'n/a'
  const ratio = (a, b) => Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : 'n/a'
  const get = (id, pick) => { try { return pick(results[id]) } catch { return NaN } }
  const row = (label, pick, format, noRatio = false) => [
    label,
    ...ids.map(id => format(get(id, pick))),
    ...(results.guildhall ? others.map(id => noRatio ? '' : ratio(get('guildhall', pick), get(id, pick))) : [])
  ]
  const rows = [['', ...ids.map(id => results[id].name), ...(results.guildhall ? others.map(id => `Guildhall / ${results[id].name}`) : [])]]
  const scenarioRows = (key, title, rate) => {
    rows.push([title, ...ids.map(() => ''), ...(results.guildhall ? others.map(() => '') : [])])
    rows.push(row(`  latency @ ${rate} edits/s   p50`, r => r[key].latency.p50, ms))
    rows.push(row('                          p99', r => r[key].latency.p99, ms))
    rows.push(row('    waited for the server to be quiet', r => r[key].quiet.waitedMs / 1000,
      value => Number.isFinite(value) ? `${value.toFixed(0)} s` : 'n/a', true))
    rows.push(row('    server CPU (cores)', r => r[key].latency.serverCores, cores))
    rows.push(row('    frames to clients per edit delivered', r => r[key].latency.framesPerDelivery, value => Number.isFinite(value) ? value.toFixed(2) : 'n/a'))
    rows.push(row('  saturation  edits/s delivered to all', r => r[key].saturation.editsPerSecond, count))
    rows.push(row('              deliveries/s', r => r[key].saturation.deliveredPerSecond, count))
    rows.push(row('    server CPU (cores)', r => r[key].saturation.serverCores, cores))
    rows.push(row('    server CPU µs per delivery', r => r[key].saturation.serverCores * 1e6 / r[key].saturation.deliveredPerSecond,
      value => Number.isFinite(value) ? value.toFixed(1) : 'n/a'))
  }
  scenarioRows('busy', `1. one document, ${config.busyClients} clients, ${config.busyWriters} typing`, config.busyRate)
  scenarioRows('many', `2. ${config.docs} documents × ${config.docClients} clients, ${config.docWriters} typing in each`, config.manyRate)
  rows.push([`3. memory, ${config.memoryDocs} open documents (1 client each)`, ...ids.map(() => ''), ...(results.guildhall ? others.map(() => '') : [])])
  rows.push(row('  heap after GC per document', r => r.memory.heapPerDoc, kb))
  rows.push(row('    the same, empty documents', r => r.memory.heapPerEmptyDoc, kb))
  rows.push(row('  RSS per document', r => r.memory.rssPerDoc, kb))
  rows.push(row('  baseline heap after GC', r => r.memory.before.heap, mb))
  rows.push(row('  baseline RSS', r => r.memory.before.rss, mb))
  const widths = rows[0].map((_, c) => Math.max(...rows.map(r => r[c].length)))
  console.log('')
  console.log(`Yjs sync through a server, ${os.cpus().length} cores, clients and server on 127.0.0.1, each server alone in turn`)
  for (const r of rows) console.log(r.map((cell, c) => c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])).join('   '))
  console.log('')
  console.log('Ratios are Guildhall / the other: latency and memory above 1 = Guildhall higher, throughput below 1 = Guildhall slower.')
  console.log(`latency: open loop, ${config.latencySeconds}s, edit arrival at every other client − send time in the text; every edit counts`)
  console.log(`saturation: closed loop, ${config.busyWindow} (1.) / ${config.manyWindow} (2.) edits in flight per writer, each freed when its edit has ` +
    `arrived at every other client; ${config.saturationSeconds}s, first 2s not counted`)
  console.log(`memory: ${config.memoryDocs} documents of ${content.bytes} bytes (${content.textLength} characters, ${config.memoryEdits} edits by 2 ` +
    `authors) opened after 10 + ${config.memoryDocs} empty ones (the "empty" row); JVM heap used after jcmd GC.run; Node heapUsed + external after ` +
    'gc(); RSS from /proc; each document has its one client\'s socket in it')
  console.log(`Guildhall: run.sh (with its default -XX:+UseTransparentHugePages where the kernel offers them), H2 file database, every update committed before it is relayed; JAVA_OPTS="${config.javaOpts}", ` +
    `${config.warmupSeconds}s warm-up; sync rate limit lifted to ${limits.messagesPerSecond}/s per socket (burst ${limits.burst})`)
  if (!config.awareness) console.log('BENCH_AWARENESS=off: the clients published no awareness (presence) state')
  console.log(`every server: then ${config.warmupRateSeconds}s at the latency phases' rates; each latency phase starts once the server used ` +
    `under ${config.quietCores} cores for ${config.quietSeconds}s (Guildhall: and no document log over ${config.compactedRows} rows), ` +
    `at most ${config.quietMaxSeconds}s ("waited" row)`)
  console.log(`y-websocket server and Hocuspocus: in memory only, node ${process.version}, ${config.nodeWarmupSeconds}s warm-up; ` +
    `${config.workers} client threads on the same cores; load average ${loadBefore.map(l => l.toFixed(2)).join(' ')} before, ` +
    `${loadAfter.map(l => l.toFixed(2)).join(' ')} after`)
}

// --- small helpers of the main thread

// What a server still does after the warm-up (or the saturation phase before) is not the workload measured next:
// Guildhall compacts the rows a burst left behind, a Node server collects the garbage of the documents it dropped.
// So each latency phase starts once the server has used less than BENCH_QUIET_CORES for BENCH_QUIET_SECONDS in a row,
// and the table says how long that took.
async function quiesce (server, name, config, log) {
  const started = Date.now()
  let quietFor = 0
  let last = server.cpuSeconds()
  let cores = NaN
  let pending = 0
  while (quietFor < config.quietSeconds && Date.now() - started < config.quietMaxSeconds * 1000) {
    const from = Date.now()
    await sleep(1000)
    const now = server.cpuSeconds()
    cores = (now - last) / ((Date.now() - from) / 1000)
    last = now
    quietFor = cores < config.quietCores ? quietFor + 1 : 0
    if (quietFor >= config.quietSeconds && server.uncompacted) {
      pending = await server.uncompacted()
      if (pending > 0) quietFor = 0
    }
  }
  const waitedMs = Date.now() - started
  log(quietFor >= config.quietSeconds
    ? `${name}: quiet (under ${config.quietCores} cores for ${config.quietSeconds}s` +
      (server.uncompacted ? `, no document log over ${config.compactedRows} rows` : '') + `) after ${(waitedMs / 1000).toFixed(0)}s`
    : `${name}: still at ${cores.toFixed(2)} cores` + (pending > 0 ? ` with ${pending} document logs to compact` : '') +
      ` after ${config.quietMaxSeconds}s; measuring anyway`)
  return { waitedMs }
}

function withoutGuildhallSettings (env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('GUILDHALL_') && !name.startsWith('MP_JWT')))
}

function sleep (msecs) {
  return new Promise(resolve => setTimeout(resolve, msecs))
}

async function sleepUntilUs (us) {
  const wait = (us - nowUs()) / 1000
  if (wait > 0) await sleep(wait)
}

function freePort () {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function run (command, args, { cwd, timeoutMs }) {
  const { stdout } = await promisify(execFile)(command, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 })
  return stdout
}

function cpuSeconds (pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100 // utime + stime, in clock ticks of 1/100 s
}

function rssBytes (pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024
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

async function mintTokens (base, count, groups = []) {
  const tokens = new Array(count)
  let next = 0
  const mintOne = async () => {
    while (next < count) {
      const i = next++
      const response = await fetch(`${base}/notifications/api/dev/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: groups.length ? `bench-${groups.join('-')}-${i}` : `bench-${i}`, groups }),
        signal: AbortSignal.timeout(30_000)
      })
      if (response.status !== 200) throw new Error(`dev token: HTTP ${response.status} ${await response.text()}`)
      tokens[i] = (await response.json()).token
    }
  }
  await Promise.all(Array.from({ length: 16 }, mintOne))
  return tokens
}

// ---------------------------------------------------------------------------------------------------------------
// Client threads: real providers with real Y.Docs. Each thread holds some clients of each open scenario.

async function runWorker () {
  const Y = await import('yjs')
  const { WebsocketProvider } = await import('y-websocket')
  const { HocuspocusProvider, HocuspocusProviderWebsocket } = await import('@hocuspocus/provider')
  const WebSocket = (await import('ws')).default
  const open = new Map() // scenario id → { clients, counters, current, writers, needed, disconnects }

  // The client threads' own pauses, to tell a slow server from a slow client: V8's garbage collections (wall-clock
  // start and length) and how late the event loop ran its timers during a phase.
  const gcPauses = []
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) gcPauses.push([performance.timeOrigin + entry.startTime, entry.duration])
    if (gcPauses.length > 20000) gcPauses.splice(0, 10000)
  }).observe({ entryTypes: ['gc'] })

  // The providers report refusals (y-websocket's permission-denied) and troubles with console.warn/error: count them.
  let warnings = 0
  let firstWarning = null
  for (const level of ['warn', 'error']) {
    console[level] = (...args) => {
      warnings++
      firstWarning = firstWarning || args.map(String).join(' ').slice(0, 300)
    }
  }

  // The sockets count the frames they receive during a phase's measured window (edits, awareness, anything).
  const countingSocket = state => class extends WebSocket {
    constructor (...args) {
      super(...args)
      this.on('message', () => {
        const phase = state.current
        if (!phase) return
        const now = nowUs()
        if (now >= phase.windowStart && now < phase.end) phase.framesInWindow++
      })
    }
  }

  // awareness false (BENCH_AWARENESS=off, a diagnosis): the clients publish no presence state at all.
  const connect = (endpoint, client, doc, WebSocket, awareness) => {
    if (endpoint.kind === 'hocuspocus') {
      const socket = new HocuspocusProviderWebsocket({ url: `ws://127.0.0.1:${endpoint.port}`, WebSocketPolyfill: WebSocket })
      const provider = new HocuspocusProvider({
        websocketProvider: socket,
        name: client.doc,
        document: doc,
        token: 'bench',
        ...(awareness ? {} : { awareness: null })
      })
      provider.attach()
      return {
        synced: () => provider.isSynced,
        onDisconnect: fn => provider.on('disconnect', ({ event }) => fn(`${event?.code} ${event?.reason || ''}`)),
        destroy: () => { provider.destroy(); socket.destroy() }
      }
    }
    const url = endpoint.kind === 'guildhall' ? `ws://127.0.0.1:${endpoint.port}/sync` : `ws://127.0.0.1:${endpoint.port}`
    const provider = new WebsocketProvider(url, client.doc, doc, {
      params: client.token ? { access_token: client.token } : {},
      WebSocketPolyfill: WebSocket,
      disableBc: true
    })
    // Before the socket opens: a provider whose local state is null announces and renews nothing.
    if (!awareness) provider.awareness.setLocalState(null)
    return {
      synced: () => provider.synced,
      onDisconnect: fn => provider.on('connection-close', event => fn(`${event?.code} ${event?.reason || ''}`)),
      destroy: () => provider.destroy()
    }
  }

  const openScenario = async request => {
    const counters = new Int32Array(request.sab)
    const state = { clients: [], counters, current: null, disconnects: 0, writers: new Map(), needed: 1 }
    open.set(request.scenario, state)
    const Socket = countingSocket(state)
    for (const spec of request.clients) {
      const doc = new Y.Doc()
      if (request.content) Y.applyUpdate(doc, request.content)
      const text = doc.getText('t')
      const client = { ...spec, doc, text, seq: 0, inFlight: [] }
      // An edit is visible once its update is integrated; the stamps are read from that update's bytes (UTF-8
      // strings appear verbatim in it), not from the text: a Y.Text event's delta walks the whole text.
      doc.on('update', (update, _origin, _doc, transaction) => {
        if (!transaction.local && state.current) receive(state, client, update)
      })
      client.provider = connect(request.endpoint, spec, doc, Socket, request.awareness)
      client.provider.onDisconnect(why => {
        if (!state.current) return
        state.disconnects++
        state.firstClose = state.firstClose || `closed ${why}`
      })
      state.clients.push(client)
      if (spec.writer >= 0) state.writers.set(spec.writer, client)
    }
    const deadline = Date.now() + 100_000
    while (!state.clients.every(c => c.provider.synced())) {
      if (Date.now() > deadline) {
        const missing = state.clients.filter(c => !c.provider.synced()).length
        throw new Error(`${request.endpoint.kind}: ${missing} of ${state.clients.length} clients not synced in time (${firstWarning || 'no warning'})`)
      }
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }

  // Every stamp in an integrated update is one edit arriving here.
  const receive = (state, client, update) => {
    const phase = state.current
    const now = nowUs()
    const bytes = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('latin1')
    for (const match of bytes.matchAll(STAMP)) {
      if (Number(match[1]) !== phase.id) continue
      const writer = Number(match[2])
      if (writer === client.writer) continue
      Atomics.add(state.counters, DELIVERED, 1)
      Atomics.add(state.counters, SLOTS + writer * RING + (Number(match[3]) % RING), 1)
      phase.delivered++
      if (now >= phase.windowStart && now < phase.end) phase.deliveredInWindow++
      if (phase.mode === 'latency') {
        const latency = (now - Number(match[4])) / 1000
        phase.latencies.push(latency)
        if (SLOW_MS > 0 && latency > SLOW_MS) phase.slow.push([Date.now() - latency, latency])
      }
      // A writer on this thread may be done: let it send its next edit once this event is over.
      const local = state.writers.get(writer)
      if (local && phase.mode === 'saturation' && !local.advancing) {
        local.advancing = true
        setImmediate(() => {
          local.advancing = false
          if (state.current === phase) advance(state, local, state.needed)
        })
      }
    }
  }

  const send = (state, client) => {
    const phase = state.current
    const seq = client.seq++
    Atomics.store(state.counters, SLOTS + client.writer * RING + (seq % RING), 0)
    client.inFlight.push(seq)
    Atomics.add(state.counters, SENT, 1)
    phase.sent++
    client.text.insert(client.text.length, `[${phase.id}.${client.writer}.${seq}.${nowUs()}]`)
  }

  // Closed loop: an edit is done once every other client of its document has it; then the writer sends the next.
  const advance = (state, client, needed) => {
    while (client.inFlight.length > 0 &&
      Atomics.load(state.counters, SLOTS + client.writer * RING + (client.inFlight[0] % RING)) >= needed) {
      client.inFlight.shift()
      if (state.current && state.current.running && nowUs() < state.current.end) send(state, client)
    }
  }

  const startPhase = request => {
    const state = open.get(request.scenario)
    const writers = state.clients.filter(c => c.writer >= 0)
    const phase = {
      id: request.phase,
      mode: request.mode,
      running: true,
      end: request.end,
      windowStart: request.windowStart,
      sent: 0,
      delivered: 0,
      deliveredInWindow: 0,
      framesInWindow: 0,
      latencies: [],
      slow: [],
      timers: [],
      elu: null
    }
    for (const c of writers) { c.inFlight = []; c.seq = 0 }
    // Every client of a document but the writer must have an edit before it is done.
    state.needed = request.needed
    state.current = phase
    state.disconnects = 0
    state.firstClose = null
    warnings = 0
    firstWarning = null
    const begin = () => {
      phase.elu = performance.eventLoopUtilization()
      phase.startedAt = Date.now()
      phase.loopDelay = monitorEventLoopDelay({ resolution: 1 })
      phase.loopDelay.enable()
      if (request.mode === 'probe') {
        for (const c of writers) if (c.firstWriter || !request.firstOnly) send(state, c)
        stopSending(state, phase)
      } else if (request.mode === 'saturation') {
        for (const c of writers) for (let k = 0; k < request.window; k++) send(state, c)
        // Receipts at other threads show up in the shared counters: look every millisecond.
        phase.timers.push(setInterval(() => {
          for (const c of writers) advance(state, c, state.needed)
          if (nowUs() >= phase.end) stopSending(state, phase)
        }, 1))
      } else {
        // Open loop: the writers take turns so each sends rate/writers edits a second.
        let sent = 0
        let next = 0
        phase.timers.push(setInterval(() => {
          const now = nowUs()
          if (now >= phase.end) {
            stopSending(state, phase)
            return
          }
          const due = Math.floor((now - request.t0) / 1e6 * request.rate)
          for (; sent < due && writers.length > 0; sent++) {
            send(state, writers[next])
            next = (next + 1) % writers.length
          }
        }, 1))
      }
    }
    setTimeout(begin, Math.max(0, (request.t0 - nowUs()) / 1000))
  }

  const stopSending = (state, phase) => {
    if (!phase.running) return
    phase.running = false
    Atomics.add(state.counters, STOPPED, 1)
  }

  const collect = request => {
    const state = open.get(request.scenario)
    const phase = state.current
    for (const timer of phase.timers) clearInterval(timer)
    const busy = phase.elu ? performance.eventLoopUtilization(phase.elu).utilization : 0
    state.current = null
    if (phase.loopDelay) phase.loopDelay.disable()
    const gc = phase.startedAt ? gcPauses.filter(([at]) => at >= phase.startedAt) : []
    const latencies = Float64Array.from(phase.latencies)
    return {
      sent: phase.sent,
      delivered: phase.delivered,
      deliveredInWindow: phase.deliveredInWindow,
      framesInWindow: phase.framesInWindow,
      warnings,
      firstWarning,
      disconnects: state.disconnects,
      firstClose: state.firstClose,
      busy,
      latencyCount: latencies.length,
      latencies: latencies.buffer,
      slow: phase.slow,
      gc,
      loopDelayMaxMs: phase.loopDelay ? phase.loopDelay.max / 1e6 : 0,
      transfer: [latencies.buffer]
    }
  }

  const closeScenario = async request => {
    const state = open.get(request.scenario)
    if (!state) return
    for (const c of state.clients) c.provider.destroy()
    open.delete(request.scenario)
    await new Promise(resolve => setTimeout(resolve, 500))
  }

  parentPort.on('message', async request => {
    try {
      let body = {}
      if (request.cmd === 'open') await openScenario(request)
      else if (request.cmd === 'phase') {
        startPhase(request)
        const state = open.get(request.scenario)
        // Every client of a document but the writer must see each edit.
        const sizes = new Map()
        for (const c of state.clients) sizes.set(c.doc, c)
        state.needed = request.needed
      } else if (request.cmd === 'collect') body = collect(request)
      else if (request.cmd === 'close') await closeScenario(request)
      else if (request.cmd === 'gc') {
        if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc (run.sh does)')
        globalThis.gc()
      }
      const { transfer, ...rest } = body
      parentPort.postMessage({ id: request.id, ...rest }, transfer || [])
    } catch (error) {
      parentPort.postMessage({ id: request.id, error: String(error.stack || error) })
    }
  })
}
