// Read latency at scale: for each user in --users, GET /notifications/api/notifications/unread-count and the first
// page (GET /notifications/api/notifications?limit=50), one request at a time over a kept-alive connection,
// --warmup rounds not counted, then --requests rounds timed (the two requests alternate, so both see the same
// conditions). Each stage stops early after --warmup-seconds / --seconds, so a slow database ends with fewer
// timed rounds (reported as n) instead of running for an hour. Prints one JSON object (and writes it to --out).
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { devToken, options, summary } from './lib.mjs';

const opt = options({
  base: 'http://127.0.0.1:8080',
  users: 'bench-heavy',
  warmup: 30,
  requests: 300,
  'warmup-seconds': 15,
  seconds: 60,
  limit: 50,
  out: '',
});

async function get(path, token) {
  const response = await fetch(`${opt.base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${body}`);
  return JSON.parse(body);
}

// Every timed request in order, to see whether a slow minority clusters (cold connections, plans) or is spread out.
const rounded = (times) => times.map((t) => Math.round(t * 10) / 10);

const result = { warmup: opt.warmup, requests: opt.requests, seconds: opt.seconds, limit: opt.limit, users: {} };
for (const user of opt.users.split(',')) {
  const token = await devToken(opt.base, user);
  const requests = {
    unreadCount: { path: '/notifications/api/notifications/unread-count', times: [] },
    firstPage: { path: `/notifications/api/notifications?limit=${opt.limit}`, times: [] },
  };
  let count;
  let page;
  const stages = [
    { rounds: opt.warmup, seconds: opt['warmup-seconds'], timed: false },
    { rounds: opt.requests, seconds: opt.seconds, timed: true },
  ];
  const warmupRounds = [];
  for (const stage of stages) {
    const stageStart = performance.now();
    let round = 0;
    for (; round < stage.rounds && performance.now() - stageStart < stage.seconds * 1000; round++) {
      for (const [name, request] of Object.entries(requests)) {
        const start = performance.now();
        const body = await get(request.path, token);
        const elapsed = performance.now() - start;
        if (stage.timed) request.times.push(elapsed);
        else warmupRounds.push(Math.round(elapsed * 10) / 10);
        if (name === 'unreadCount') count = body.count;
        else page = body;
      }
    }
    stage.done = round;
  }
  result.users[user] = {
    warmupRounds: stages[0].done,
    // The untimed requests, in order (count, page, count, page, ...): the cold start.
    warmupMs: warmupRounds,
    unreadCount: { value: count, ms: summary(requests.unreadCount.times), series: rounded(requests.unreadCount.times) },
    firstPage: {
      items: page.notifications.length,
      newestId: page.notifications[0]?.id ?? null,
      more: page.more,
      ms: summary(requests.firstPage.times),
      series: rounded(requests.firstPage.times),
    },
  };
}

const text = JSON.stringify(result, null, 2);
if (opt.out) writeFileSync(opt.out, text + '\n');
console.log(text);
