import { writeFileSync } from 'node:fs';
import { chromiumPolicy } from '../host/chromium.js';
import { EXIT, parseFlags, printJson, type Command } from './cli-kit.js';

export const chromiumPolicyCommand: Command = {
  name: 'chromium-policy',
  summary: 'print (or write) the Chromium managed policy for a yimen kiosk',
  usage: 'yimen chromium-policy [--out /etc/chromium/policies/managed/yimen.json]',
  run(argv, io) {
    const { values } = parseFlags(argv, { out: { type: 'string' } });
    const policy = chromiumPolicy();
    if (values.out) {
      writeFileSync(values.out, `${JSON.stringify(policy, null, 2)}\n`, { mode: 0o644 });
      io.err(`yimen: policy written to ${values.out}`);
    } else {
      printJson(io, policy);
    }
    return Promise.resolve(EXIT.ok);
  },
};
