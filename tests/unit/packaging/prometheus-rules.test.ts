/**
 * packaging/prometheus/: the alert rules pass `promtool check rules` and their unit tests
 * (`promtool test rules`), the sample scrape config passes `promtool check config`, and the rules
 * and the Grafana dashboard name only metrics the back office exports.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FleetMetrics } from '../../../backoffice/metrics.js';

const DIR = resolve('packaging/prometheus');

function promtool(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync('promtool', args, { cwd: DIR, encoding: 'utf8' });
  if (r.error) throw new Error(`promtool not found (bash tools/debian-deps.sh installs it): ${r.error.message}`);
  return { status: r.status, out: r.stdout + r.stderr };
}

/** Metric names in a PromQL expression that look like ours. */
function namesIn(expr: string): string[] {
  return [...expr.matchAll(/\byimen_[a-z_]+/g)].map((m) => m[0]);
}

describe('packaging/prometheus', () => {
  it('alerts.yml passes promtool check rules and its unit tests', () => {
    const check = promtool('check', 'rules', 'alerts.yml');
    expect(check.out).toContain('SUCCESS: 6 rules found');
    expect(check.status).toBe(0);
    const test = promtool('test', 'rules', 'rules.test.yml');
    expect(test.out).toContain('SUCCESS');
    expect(test.status).toBe(0);
  });

  it('every alert is unit-tested firing, and every metric named exists', async () => {
    const alerts = parse(readFileSync(join(DIR, 'alerts.yml'), 'utf8')) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    const tests = parse(readFileSync(join(DIR, 'rules.test.yml'), 'utf8')) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const firing = new Set(
      tests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)),
    );
    const rules = alerts.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert).filter((a) => !firing.has(a))).toEqual([]);
    const names = new Set(
      (await new FleetMetrics(new Database(':memory:'), Date.now).registry.getMetricsAsJSON()).map((m) => m.name),
    );
    expect(names.size).toBe(16);
    const dashboard = JSON.parse(readFileSync(join(DIR, 'grafana-dashboard.json'), 'utf8')) as {
      panels: { targets: { expr: string }[] }[];
    };
    const used = [
      ...rules.flatMap((r) => namesIn(r.expr)),
      ...dashboard.panels.flatMap((p) => p.targets.flatMap((t) => namesIn(t.expr))),
    ];
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter((n) => !names.has(n))).toEqual([]);
  });

  it('the sample prometheus.yml passes promtool check config', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'yimen-prom-'));
    try {
      const cfg = readFileSync(join(DIR, 'prometheus.yml'), 'utf8').replace(
        '/etc/prometheus/yimen/alerts.yml',
        join(DIR, 'alerts.yml'),
      );
      writeFileSync(join(tmp, 'prometheus.yml'), cfg);
      const r = promtool('check', 'config', join(tmp, 'prometheus.yml'));
      expect(r.out).toContain('SUCCESS: 6 rules found');
      expect(r.status).toBe(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
