// Prints the results directory of one run (run.sh) as a Markdown table, H2 next to PostgreSQL.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const read = (name) => (existsSync(join(dir, name)) ? JSON.parse(readFileSync(join(dir, name), 'utf8')) : null);
const databases = [
  ['h2', 'H2'],
  ['postgresql', 'PostgreSQL'],
]
  .map(([key, title]) => ({
    title,
    sends: read(`${key}-sends.json`),
    reads: read(`${key}-reads.json`),
    load: read(`${key}-load.json`),
  }))
  .filter((db) => db.sends || db.reads);

const ms = (s) => (s && s.n ? `${s.p50} / ${s.p99}` : '–');
const lines = [];
const row = (label, cell) => lines.push(`| ${label} | ${databases.map((db) => cell(db) ?? '–').join(' | ')} |`);
const section = (label) => lines.push(`| **${label}** | ${databases.map(() => '').join(' | ')} |`);

lines.push(readFileSync(join(dir, 'machine.txt'), 'utf8').trim().replace(/^/gm, '    '));
lines.push('');
lines.push(`| | ${databases.map((db) => db.title).join(' | ')} |`);
lines.push(`|---|${databases.map(() => '---:').join('|')}|`);

const first = databases.find((db) => db.sends)?.sends;
if (first) {
  section(`Sends with live delivery: ${first.senders} sender sockets → ${first.receivers} receiver sockets, mentions`);
  row(`fixed rate: achieved sends/s (target ${first.rate.targetPerSecond}, ${first.rate.seconds} s)`, (db) =>
    db.sends?.rate.achievedPerSecond,
  );
  row('fixed rate: send → receipt on the receiver, p50 / p99 ms', (db) => ms(db.sends?.rate.receiptMs));
  row('fixed rate: send → notification-sent, p50 / p99 ms', (db) => ms(db.sends?.rate.ackMs));
  row(`saturation: notification-sent per second (${first.window} in flight per sender)`, (db) =>
    db.sends ? `**${db.sends.saturation.sendsPerSecond}**` : null,
  );
  row('saturation: per 5 s slice', (db) => db.sends?.saturation.slices.join(', '));
  row('saturation: send → receipt, p50 / p99 ms', (db) => ms(db.sends?.saturation.receiptMs));
  row('errors / not delivered (all phases)', (db) => {
    if (!db.sends) return null;
    const phases = [db.sends.warmup, db.sends.rate, db.sends.saturation];
    const errors = phases.reduce((n, p) => n + p.errors, 0);
    const lost = phases.reduce((n, p) => n + (p.acked - p.delivered), 0);
    return `${errors} / ${lost}`;
  });
  row('client (Node) CPU during saturation', (db) => db.sends && `${db.sends.saturation.clientCpuPercent} %`);
}

const withReads = databases.find((db) => db.reads)?.reads;
if (withReads) {
  section(
    `Reads, 1,000,000 stored notifications; ${withReads.requests} timed requests each after ${withReads.warmup} untimed`,
  );
  // A stage that hit its time limit has fewer timed requests than asked: say how many.
  const few = (s) => (s.n < withReads.requests ? `, only n=${s.n} in ${withReads.seconds} s` : '');
  row('bulk load of 1,000,000 rows (s)', (db) =>
    db.load
      ? `${db.load.insertSeconds} (+ ${db.load.compactSeconds ?? db.load.vacuumAnalyzeSeconds} ${
          db.load.compactSeconds !== undefined ? 'compact' : 'vacuum analyze'
        })`
      : null,
  );
  for (const [user, label] of [
    ['bench-heavy', 'bench-heavy (100,000 stored, 50,000 unread)'],
    ['bench-user-0', 'bench-user-0 (100 stored, 50 unread)'],
  ]) {
    row(`${label}: unread-count, p50 / p99 ms`, (db) => {
      const u = db.reads?.users[user];
      return u && `${ms(u.unreadCount.ms)}${few(u.unreadCount.ms)} (count ${u.unreadCount.value})`;
    });
    row(`${label}: first page (limit ${withReads.limit}), p50 / p99 ms`, (db) => {
      const u = db.reads?.users[user];
      return u && `${ms(u.firstPage.ms)}${few(u.firstPage.ms)} (${u.firstPage.items} items)`;
    });
  }
}
console.log(lines.join('\n'));
