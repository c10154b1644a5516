import { describe, expect, it } from 'vitest';
import { commands } from '../../../../../main/shells/cli/commands.js';
import { runCli } from '../../../../../main/shells/cli/main.js';

describe('yimen commands', () => {
  it('each entry loads the command of its own name, once per name', async () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const entry of commands) {
      const c = await entry.load();
      expect(c.name).toBe(entry.name);
      expect(c.usage).toMatch(new RegExp(`^(yimen )?${entry.name}\\b`));
    }
  });

  it('help lists every command; an unknown one is a usage error', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (s: string) => void err.push(s) };
    expect(await runCli(['help'], io)).toBe(0);
    for (const entry of commands) expect(err.join('\n')).toContain(`yimen ${entry.name}`);
    expect(await runCli(['nope'], io)).toBe(1);
  });
});
