// Shared helpers of the notification benchmark: command-line options, dev tokens, percentiles.

export function options(defaults) {
  const parsed = { ...defaults };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i].replace(/^--/, '');
    if (!(name in defaults)) {
      throw new Error(`unknown option --${name}; known: ${Object.keys(defaults).join(', ')}`);
    }
    parsed[name] = typeof defaults[name] === 'number' ? Number(args[i + 1]) : args[i + 1];
  }
  return parsed;
}

export async function devToken(base, user) {
  const response = await fetch(`${base}/notifications/api/dev/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, groups: [] }),
  });
  if (!response.ok) {
    throw new Error(`dev token for ${user}: HTTP ${response.status} ${await response.text()}`);
  }
  return (await response.json()).token;
}

/** Nearest-rank percentile of an unsorted array of numbers (milliseconds); null when empty. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function summary(values) {
  const round = (v) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    n: values.length,
    p50: round(percentile(values, 50)),
    p90: round(percentile(values, 90)),
    p99: round(percentile(values, 99)),
    max: round(values.length ? values.reduce((a, b) => (b > a ? b : a)) : null),
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
