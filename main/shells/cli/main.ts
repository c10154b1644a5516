import { EXIT, processIO, UsageError, type CliIO } from './cli-kit.js';
import { commands } from './commands.js';

async function help(io: CliIO): Promise<void> {
  io.err('usage: yimen <command> [options]\n');
  for (const entry of commands) {
    const c = await entry.load();
    const usage = c.usage.startsWith('yimen ') ? c.usage : `yimen ${c.usage}`;
    io.err(`  ${usage}\n      ${c.summary}`);
  }
}

export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    await help(io);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(`yimen: unknown command "${name}" (try "yimen help")`);
    return EXIT.usage;
  }
  const command = await entry.load();
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`yimen ${name}: ${e.message}\nusage: ${command.usage}`);
      return EXIT.usage;
    }
    throw e;
  }
}
