/**
 * What the citizen typed, cut into the ways it can be read as syllables: at each letter, the
 * syllables that start there. A token is a whole syllable (`ban`), a syllable by a fuzzy pair
 * (`zi` for zhi, when the kiosk allows them) or the start of one (`b`, `zh`, `hu` of huang: an
 * abbreviation, or the syllable still being typed). An apostrophe is a boundary no token crosses.
 */

export type TokenKind = 'full' | 'fuzzy' | 'partial';

export interface Token {
  /** Letter index after the token. */
  readonly end: number;
  readonly ids: readonly number[];
  readonly kind: TokenKind;
}

export interface Lattice {
  /** The letters, lower case, without apostrophes. */
  readonly letters: string;
  /** tokens[p]: the tokens that start at letter p. */
  readonly tokens: readonly (readonly Token[])[];
  /** rawEnd[k]: how many characters of the raw input k letters take, with the apostrophes after them. */
  readonly rawEnd: readonly number[];
}

/** Spellings people type for the dictionary's lv/nv syllables. */
const ALIASES: Readonly<Record<string, string>> = { lue: 'lve', nue: 'nve' };
const MAX_SYLLABLE = 6;

const INITIAL_PAIRS: readonly [string, string][] = [
  ['zh', 'z'],
  ['ch', 'c'],
  ['sh', 's'],
  ['n', 'l'],
];
const FINAL_PAIRS: readonly [string, string][] = [
  ['ang', 'an'],
  ['eng', 'en'],
  ['ing', 'in'],
];

function splitInitial(s: string): [string, string] {
  const m = /^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(.*)$/.exec(s);
  return [m?.[1] ?? '', m?.[2] ?? s];
}

/** The spellings a fuzzy pair makes of `s` (itself included). */
export function fuzzyVariants(s: string): string[] {
  const [ini, fin] = splitInitial(s);
  const inits = new Set([ini]);
  for (const [a, b] of INITIAL_PAIRS) {
    if (ini === a) inits.add(b);
    if (ini === b) inits.add(a);
  }
  const finals = new Set([fin]);
  for (const [long, short] of FINAL_PAIRS) {
    if (fin.endsWith(long)) finals.add(fin.slice(0, -1));
    else if (fin.endsWith(short)) finals.add(fin + 'g');
  }
  const out: string[] = [];
  for (const i of inits) for (const f of finals) out.push(i + f);
  return out;
}

/** The syllable inventory of a lexicon, with lookups by spelling and by beginning. */
export class SyllableTable {
  private readonly exact = new Map<string, number>();
  private readonly prefixes = new Map<string, number[]>();

  constructor(readonly syllables: readonly string[]) {
    syllables.forEach((s, i) => {
      this.exact.set(s, i);
      for (let k = 1; k < s.length; k++) {
        const p = s.slice(0, k);
        const list = this.prefixes.get(p) ?? [];
        list.push(i);
        this.prefixes.set(p, list);
      }
    });
    for (const [alias, real] of Object.entries(ALIASES)) {
      const id = this.exact.get(real);
      if (id !== undefined && !this.exact.has(alias)) this.exact.set(alias, id);
    }
  }

  /** Cuts `raw` (letters and apostrophes) into its lattice; null when it holds anything else. */
  lattice(raw: string, fuzzy: boolean): Lattice | null {
    if (!/^[A-Za-z']*$/.test(raw)) return null;
    let letters = '';
    const boundary = new Set<number>();
    const rawEnd: number[] = [0];
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i] ?? '';
      if (c === "'") {
        boundary.add(letters.length);
        rawEnd[letters.length] = i + 1;
      } else {
        letters += c.toLowerCase();
        rawEnd[letters.length] = i + 1;
      }
    }
    const tokens: Token[][] = [];
    for (let p = 0; p < letters.length; p++) {
      const here: Token[] = [];
      for (let len = 1; len <= MAX_SYLLABLE && p + len <= letters.length; len++) {
        if (len > 1 && boundary.has(p + len - 1)) break;
        this.tokensFor(letters.slice(p, p + len), p + len, fuzzy, here);
      }
      tokens.push(here);
    }
    return { letters, tokens, rawEnd };
  }

  private tokensFor(t: string, end: number, fuzzy: boolean, out: Token[]): void {
    const id = this.exact.get(t);
    if (id !== undefined) out.push({ end, ids: [id], kind: 'full' });
    if (fuzzy) {
      const ids = fuzzyVariants(t)
        .filter((v) => v !== t)
        .map((v) => this.exact.get(v))
        .filter((x): x is number => x !== undefined && x !== id);
      if (ids.length > 0) out.push({ end, ids, kind: 'fuzzy' });
    }
    const starts = this.prefixes.get(t);
    let partial = starts ? [...starts] : [];
    if (fuzzy) {
      for (const v of fuzzyVariants(t)) if (v !== t) partial.push(...(this.prefixes.get(v) ?? []));
      partial = [...new Set(partial)];
    }
    if (partial.length > 0) out.push({ end, ids: partial, kind: 'partial' });
  }
}
