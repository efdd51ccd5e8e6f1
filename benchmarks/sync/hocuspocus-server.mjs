// Hocuspocus as its README starts it, in memory (no persistence extension, no hooks), on 127.0.0.1:$PORT.
// The benchmark starts this file with `node --expose-gc --require ./memory-probe.cjs` to read its memory.
import { Server } from '@hocuspocus/server'

const server = new Server({
  port: Number(process.env.PORT),
  address: '127.0.0.1',
  quiet: true
})
await server.listen()
console.log(`Hocuspocus running on 127.0.0.1:${server.address.port}`)
