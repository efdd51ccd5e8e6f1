// Preloaded into the Node servers the benchmark starts (`node --expose-gc --require ./memory-probe.cjs ...`); their
// own code is untouched. On SIGUSR2 it collects garbage and writes process.memoryUsage() to $BENCH_MEMORY_FILE, so
// the benchmark can read live heap after GC the way it reads the JVM's with `jcmd GC.run` + `GC.heap_info`.
'use strict'
const fs = require('node:fs')

const file = process.env.BENCH_MEMORY_FILE
if (file && typeof global.gc === 'function') {
  process.on('SIGUSR2', () => {
    for (let i = 0; i < 3; i++) global.gc()
    const usage = process.memoryUsage()
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ ...usage, at: Date.now() }))
    fs.renameSync(`${file}.tmp`, file)
  })
}
