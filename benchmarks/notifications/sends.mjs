// Sends with live delivery: N sender sockets send mentions to M receiver sockets (other users) over
// ws://host/notifications/. Each mention carries its send time (performance.now() of this process) in its data, so a
// receiver measures send -> receipt; a sender measures send -> notification-sent (the acknowledgement, which the server
// gives after the database commit). Phases, one after another on the same sockets:
//   warmup      saturation for --warmup s (JIT, pools, caches); not reported
//   rate        a fixed total rate of --rate sends/s for --measure s: receipt and acknowledgement latency
//   saturation  every sender keeps --window sends in flight for --saturation s: acknowledgements per second
// Prints one JSON object (and writes it to --out when given).
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { devToken, options, sleep, summary } from './lib.mjs';

const opt = options({
  base: 'http://127.0.0.1:8080',
  senders: 20,
  receivers: 20,
  rate: 100,
  warmup: 5,
  measure: 20,
  saturation: 20,
  window: 8,
  slice: 5,
  out: '',
});
const wsBase = opt.base.replace(/^http/, 'ws');

let closing = false;
const phases = {};
function phase(name) {
  phases[name] ??= { sent: 0, acked: 0, errors: 0, errorSamples: [], delivered: 0, receipt: [], ack: [], ackTimes: [] };
  return phases[name];
}

function connect(user, token, onMessage) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsBase}/notifications/?access_token=${encodeURIComponent(token)}`);
    const timer = setTimeout(() => reject(new Error(`${user}: no authenticated+notifications within 30 s`)), 30_000);
    let authenticated = false;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'authenticate' })));
    socket.on('error', (error) => reject(new Error(`${user}: ${error.message}`)));
    socket.on('close', (code, reason) => {
      if (!closing) console.error(`socket of ${user} closed: ${code} ${reason}`);
    });
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString());
      if (!authenticated) {
        if (message.type === 'authenticated') return;
        if (message.type === 'notifications') {
          authenticated = true;
          clearTimeout(timer);
          resolve(socket);
          return;
        }
        reject(new Error(`${user}: unexpected ${raw}`));
        return;
      }
      onMessage(message, raw);
    });
  });
}


// --- receivers ------------------------------------------------------------------------------------------------
const receiverNames = Array.from({ length: opt.receivers }, (_, i) => `bench-receiver-${i}`);
const senderNames = Array.from({ length: opt.senders }, (_, i) => `bench-sender-${i}`);
const tokens = new Map();
for (const user of [...receiverNames, ...senderNames]) tokens.set(user, await devToken(opt.base, user));

const receivers = await Promise.all(
  receiverNames.map((user) =>
    connect(user, tokens.get(user), (message) => {
      if (message.type !== 'notification') return;
      const now = performance.now();
      const data = message.notification.data;
      const p = phase(data.phase);
      p.delivered++;
      p.receipt.push(now - data.t);
    }),
  ),
);

// --- senders --------------------------------------------------------------------------------------------------
let sendIndex = 0;
const senders = [];
for (const [index, user] of senderNames.entries()) {
  const sender = { user, index, inFlight: [], refill: null };
  sender.socket = await connect(user, tokens.get(user), (message, raw) => {
    const now = performance.now();
    const sent = sender.inFlight.shift();
    if (!sent) {
      console.error(`${user}: a reply with nothing in flight: ${raw}`);
      return;
    }
    const p = phase(sent.phase);
    if (message.type === 'notification-sent') {
      p.acked++;
      p.ack.push(now - sent.t);
      p.ackTimes.push(now);
    } else {
      p.errors++;
      if (p.errorSamples.length < 5) p.errorSamples.push(raw.toString());
    }
    if (sender.refill) sender.refill(sender);
  });
  senders.push(sender);
}

function send(sender, phaseName) {
  const i = sendIndex++;
  // Every sender reaches every receiver over a run.
  const target = receiverNames[(i + Math.floor(i / opt.senders)) % opt.receivers];
  const t = performance.now();
  sender.inFlight.push({ t, phase: phaseName });
  phase(phaseName).sent++;
  sender.socket.send(
    JSON.stringify({
      type: 'send-notification',
      targetUserId: target,
      notificationType: 'mention',
      data: { location: '#benchmark', phase: phaseName, t },
    }),
  );
}

async function drain(phaseName) {
  const p = phase(phaseName);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const inFlight = senders.reduce((n, s) => n + s.inFlight.length, 0);
    if (inFlight === 0 && p.delivered >= p.acked) return;
    await sleep(20);
  }
  console.error(`${phaseName}: gave up waiting for acknowledgements or deliveries after 30 s`);
}

async function fixedRate(phaseName, rate, seconds) {
  const start = performance.now();
  let i = 0;
  for (;;) {
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed >= seconds) break;
    for (const due = Math.floor(elapsed * rate); i < due; i++) send(senders[i % senders.length], phaseName);
    await sleep(1);
  }
  const wall = (performance.now() - start) / 1000;
  await drain(phaseName);
  return wall;
}

async function saturate(phaseName, seconds) {
  const p = phase(phaseName);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const refill = (sender) => {
    while (sender.inFlight.length < opt.window) send(sender, phaseName);
  };
  for (const sender of senders) {
    sender.refill = refill;
    refill(sender);
  }
  await sleep(seconds * 1000);
  const end = performance.now();
  for (const sender of senders) sender.refill = null;
  const cpu = process.cpuUsage(cpuBefore);
  await drain(phaseName);
  const inWindow = p.ackTimes.filter((t) => t <= end).length;
  const slices = [];
  // Whole slices of --slice seconds: does the rate hold up while the senders' rows pile up?
  for (let from = start; from + opt.slice * 1000 <= end + 1; from += opt.slice * 1000) {
    const to = from + opt.slice * 1000;
    slices.push(Math.round(p.ackTimes.filter((t) => t > from && t <= to).length / opt.slice));
  }
  return {
    seconds: (end - start) / 1000,
    sendsPerSecond: Math.round(inWindow / ((end - start) / 1000)),
    slices,
    clientCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (end - start)) * 100),
  };
}

function report(name, extra) {
  const p = phase(name);
  return {
    sent: p.sent,
    acked: p.acked,
    errors: p.errors,
    errorSamples: p.errorSamples,
    delivered: p.delivered,
    receiptMs: summary(p.receipt),
    ackMs: summary(p.ack),
    ...extra,
  };
}

await saturate('warmup', opt.warmup);
const rateWall = await fixedRate('rate', opt.rate, opt.measure);
const saturation = await saturate('saturation', opt.saturation);

const result = {
  senders: opt.senders,
  receivers: opt.receivers,
  window: opt.window,
  warmup: report('warmup', {}),
  rate: report('rate', {
    targetPerSecond: opt.rate,
    achievedPerSecond: Math.round(phase('rate').acked / rateWall),
    seconds: opt.measure,
  }),
  saturation: report('saturation', saturation),
};

closing = true;
for (const socket of [...receivers, ...senders.map((s) => s.socket)]) socket.close();
const text = JSON.stringify(result, null, 2);
if (opt.out) writeFileSync(opt.out, text + '\n');
console.log(text);
process.exit(0);
