/**
 * Small parsers for the OS files in packaging/: udev rules and systemd unit files. Written
 * from udev(7) and systemd.syntax(7) so the files can be checked where `udevadm verify`
 * (systemd ≥ 254) or `systemd-analyze` is not available.
 */

export type UdevOp = '==' | '!=' | '=' | '+=' | '-=' | ':=';
export interface UdevKey {
  key: string;
  /** The part in braces: `ATTRS{idVendor}` → `idVendor`. */
  attr: string | null;
  op: UdevOp;
  value: string;
}
export interface UdevRule {
  line: number;
  keys: UdevKey[];
}
export interface UdevParse {
  rules: UdevRule[];
  labels: Set<string>;
  errors: string[];
}

const MATCH_KEYS = new Set([
  'ACTION',
  'DEVPATH',
  'KERNEL',
  'KERNELS',
  'NAME',
  'SYMLINK',
  'SUBSYSTEM',
  'SUBSYSTEMS',
  'DRIVER',
  'DRIVERS',
  'ATTR',
  'ATTRS',
  'SYSCTL',
  'ENV',
  'CONST',
  'TAG',
  'TAGS',
  'TEST',
  'PROGRAM',
  'RESULT',
]);
const ASSIGN_KEYS = new Set([
  'NAME',
  'SYMLINK',
  'OWNER',
  'GROUP',
  'MODE',
  'SECLABEL',
  'ATTR',
  'SYSCTL',
  'ENV',
  'TAG',
  'RUN',
  'LABEL',
  'GOTO',
  'IMPORT',
  'OPTIONS',
]);
const WITH_ATTR = new Set(['ATTR', 'ATTRS', 'SYSCTL', 'ENV', 'CONST', 'TEST', 'IMPORT', 'RUN', 'SECLABEL']);
const MATCH_ONLY = new Set([...MATCH_KEYS].filter((k) => !ASSIGN_KEYS.has(k)));
const ASSIGN_ONLY = new Set([...ASSIGN_KEYS].filter((k) => !MATCH_KEYS.has(k)));

/** Parses udev rules text; every problem goes to `errors` with its line number. */
export function parseUdevRules(text: string): UdevParse {
  const rules: UdevRule[] = [];
  const labels = new Set<string>();
  const errors: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lineNo = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    if (raw.endsWith('\\')) {
      errors.push(`line ${lineNo}: continuation lines are not used in yimen rules`);
      continue;
    }
    const keys: UdevKey[] = [];
    let rest = raw.trim();
    while (rest.length > 0) {
      const m = /^([A-Z]+)(?:\{([^}]*)\})?\s*(==|!=|\+=|-=|:=|=)\s*"((?:[^"\\]|\\.)*)"(\s*,\s*|\s+|$)/.exec(rest);
      if (!m) {
        errors.push(`line ${lineNo}: cannot parse near ${JSON.stringify(rest.slice(0, 40))}`);
        break;
      }
      const [whole, key = '', attr, op = '', value = '', sep = ''] = m;
      const k: UdevKey = { key, attr: attr ?? null, op: op as UdevOp, value };
      const isMatch = op === '==' || op === '!=';
      if (!MATCH_KEYS.has(key) && !ASSIGN_KEYS.has(key)) errors.push(`line ${lineNo}: unknown key ${key}`);
      else if (isMatch && ASSIGN_ONLY.has(key)) errors.push(`line ${lineNo}: ${key} cannot be matched`);
      else if (!isMatch && MATCH_ONLY.has(key)) errors.push(`line ${lineNo}: ${key} cannot be assigned`);
      if (WITH_ATTR.has(key) && !attr && key !== 'RUN' && key !== 'SECLABEL') errors.push(`line ${lineNo}: ${key} needs {…}`);
      if (!WITH_ATTR.has(key) && attr !== undefined) errors.push(`line ${lineNo}: ${key} takes no {…}`);
      if (key === 'LABEL') labels.add(value);
      keys.push(k);
      rest = rest.slice(whole.length);
      if (!sep.includes(',') && rest.length > 0) {
        errors.push(`line ${lineNo}: missing comma`);
        break;
      }
    }
    rules.push({ line: lineNo, keys });
  }
  for (const r of rules) {
    for (const k of r.keys) {
      if (k.key === 'GOTO' && !labels.has(k.value)) errors.push(`line ${r.line}: GOTO to unknown label ${k.value}`);
    }
  }
  return { rules, labels, errors };
}

/** Does a udev glob (`*`, `?`, `[…]`, `|` alternatives) match a value? */
export function udevGlob(pattern: string, value: string): boolean {
  return pattern.split('|').some((alt) => {
    const re = alt
      .replace(/[.+^${}()\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    return new RegExp(`^${re}$`).test(value);
  });
}

export interface UnitFile {
  /** Section → list of [key, value] in file order (keys may repeat). */
  sections: Map<string, Array<[string, string]>>;
  errors: string[];
}

/** Parses a systemd unit file (systemd.syntax(7)): sections, `Key=Value`, comments, continuations. */
export function parseUnitFile(text: string): UnitFile {
  const sections = new Map<string, Array<[string, string]>>();
  const errors: string[] = [];
  let current: Array<[string, string]> | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] ?? '').trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${(lines[++i] ?? '').trim()}`;
    const sec = /^\[([A-Za-z0-9-]+)\]$/.exec(line);
    if (sec) {
      const name = sec[1] ?? '';
      if (sections.has(name)) errors.push(`line ${i + 1}: section [${name}] repeated`);
      current = [];
      sections.set(name, current);
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*)$/.exec(line);
    if (!kv) {
      errors.push(`line ${i + 1}: not Key=Value: ${line}`);
      continue;
    }
    if (current === null) {
      errors.push(`line ${i + 1}: ${kv[1]} outside a section`);
      continue;
    }
    current.push([kv[1] ?? '', kv[2] ?? '']);
  }
  return { sections, errors };
}

/** The last value of a key in a section (systemd's rule for single-valued settings). */
export function unitValue(unit: UnitFile, section: string, key: string): string | undefined {
  const entries = unit.sections.get(section) ?? [];
  return entries.filter(([k]) => k === key).at(-1)?.[1];
}
