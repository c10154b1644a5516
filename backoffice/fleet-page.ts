/** `GET /fleet`: a plain HTML table of terminals, for the hall's IT and the fleet engineer. */
export interface TerminalRow {
  terminal_id: string;
  last_seen: number;
  state: string;
  version: string | null;
  applied_config_version: string | null;
  desired_config_version: string | null;
  outbox_depth: number | null;
  rss_bytes: number | null;
  uptime_seconds: number | null;
}

function esc(v: string | number | null): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function fleetPage(rows: TerminalRow[], now: number, staleAfterMs: number): string {
  const body = rows
    .map((r) => {
      const ageS = Math.round((now - r.last_seen) / 1000);
      const stale = now - r.last_seen > staleAfterMs;
      return `<tr class="${stale ? 'stale' : 'fresh'}"><td>${esc(r.terminal_id)}</td><td>${esc(new Date(r.last_seen).toISOString())} (${ageS}s ago)</td><td>${esc(stale ? `silent (${r.state})` : r.state)}</td><td>${esc(r.applied_config_version ?? '—')}</td><td>${esc(r.desired_config_version ?? '—')}</td><td>${esc(r.outbox_depth ?? '')}</td><td>${esc(r.rss_bytes === null ? '' : Math.round(r.rss_bytes / 1048576))}</td><td>${esc(r.uptime_seconds === null ? '' : Math.round(r.uptime_seconds))}</td><td>${esc(r.version ?? '')}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>yimen fleet</title>
<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px}.stale{background:#fdd}</style>
</head><body><h1>Terminals (${rows.length})</h1>
<table id="fleet"><thead><tr><th>terminal</th><th>last heartbeat</th><th>state</th><th>applied config</th><th>desired config</th><th>outbox</th><th>RSS MiB</th><th>uptime s</th><th>version</th></tr></thead>
<tbody>
${body}
</tbody></table></body></html>
`;
}
