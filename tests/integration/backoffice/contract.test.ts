/**
 * The typed client against `docs/backoffice-openapi.yaml`: every operation the client uses
 * exists in the document with the same method and path, the same idempotency rule, and
 * request/response schemas with the same properties, required fields, types and enums.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../../main/data/backoffice-client/operations.js';

type Json = Record<string, unknown>;
const doc = parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'backoffice-openapi.yaml'), 'utf8')) as Json;

function resolve(node: unknown): Json {
  let n = node as Json;
  for (let i = 0; i < 10 && typeof n.$ref === 'string'; i++) {
    const parts = n.$ref.replace(/^#\//, '').split('/');
    let cur: unknown = doc;
    for (const p of parts) cur = (cur as Json)[p];
    if (cur === undefined) throw new Error(`unresolved ${String(n.$ref)}`);
    n = cur as Json;
  }
  return n;
}

function types(t: unknown): string[] {
  return (Array.isArray(t) ? (t as string[]) : t === undefined ? [] : [t as string]).slice().sort();
}

/** Returns the differences between the zod-derived schema and the document's schema. */
function compare(fromZod: Json, fromDoc: Json, where: string, out: string[]): void {
  const d = resolve(fromDoc);
  let zs = fromZod;
  // zod expresses "nullable X" as anyOf [X, null] for objects/refs.
  if (Array.isArray(zs.anyOf)) {
    const variants = zs.anyOf as Json[];
    const nonNull = variants.filter((v) => v.type !== 'null');
    if (nonNull.length === 1 && nonNull[0]) zs = { ...nonNull[0], type: [nonNull[0].type, 'null'] };
    else return; // unions (e.g. form values) are documented, not compared deeply
  }
  if (zs.type !== undefined && d.type !== undefined) {
    const zt = types(zs.type).map((t) => (t === 'integer' ? 'integer' : t));
    const dt = types(d.type);
    if (JSON.stringify(zt) !== JSON.stringify(dt)) out.push(`${where}: type ${JSON.stringify(zt)} vs ${JSON.stringify(dt)}`);
  } else if (zs.type !== undefined && d.type === undefined) {
    out.push(`${where}: the document gives no type`);
  }
  if (Array.isArray(zs.enum)) {
    const ze = (zs.enum as string[]).slice().sort();
    const de = ((d.enum as string[] | undefined) ?? (d.const !== undefined ? [d.const as string] : [])).slice().sort();
    if (JSON.stringify(ze) !== JSON.stringify(de)) out.push(`${where}: enum ${JSON.stringify(ze)} vs ${JSON.stringify(de)}`);
  }
  if (zs.const !== undefined && d.const !== zs.const)
    out.push(`${where}: const ${JSON.stringify(zs.const)} vs ${JSON.stringify(d.const)}`);
  if (zs.properties) {
    const zp = zs.properties as Json;
    const dp = (d.properties ?? {}) as Json;
    const zk = Object.keys(zp).sort();
    const dk = Object.keys(dp).sort();
    if (JSON.stringify(zk) !== JSON.stringify(dk)) out.push(`${where}: properties ${zk.join(',')} vs ${dk.join(',')}`);
    const zr = ((zs.required as string[] | undefined) ?? []).slice().sort();
    const dr = ((d.required as string[] | undefined) ?? []).slice().sort();
    if (JSON.stringify(zr) !== JSON.stringify(dr)) out.push(`${where}: required ${zr.join(',')} vs ${dr.join(',')}`);
    for (const k of zk) if (dp[k] !== undefined) compare(zp[k] as Json, dp[k] as Json, `${where}.${k}`, out);
  }
  if (zs.items) {
    if (!d.items) out.push(`${where}: the document gives no items`);
    else compare(zs.items as Json, d.items as Json, `${where}[]`, out);
  }
}

function jsonSchema(s: z.ZodType, io: 'input' | 'output'): Json {
  return z.toJSONSchema(s, { io, unrepresentable: 'any' });
}

describe('back-office client ⟷ OpenAPI document', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  for (const [name, op] of Object.entries(OPERATIONS)) {
    it(`${name}: ${op.method.toUpperCase()} ${op.path} matches the document`, () => {
      const paths = doc.paths as Json;
      const item = paths[op.path] as Json | undefined;
      expect(item, `path ${op.path} missing`).toBeDefined();
      const operation = (item as Json)[op.method] as Json | undefined;
      expect(operation, `${op.method} ${op.path} missing`).toBeDefined();
      const o = operation as Json;
      expect(o.operationId).toBe(op.operationId);

      const params = ((o.parameters as unknown[] | undefined) ?? []).map(resolve);
      const pathParams = params
        .filter((p) => p.in === 'path')
        .map((p) => p.name as string)
        .sort();
      const inTemplate = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
      expect(pathParams).toEqual(inTemplate);
      const idem = params.find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
      expect(idem !== undefined && idem.required === true).toBe(op.idempotent);

      const problems: string[] = [];
      if ('binary' in op && op.binary) {
        // Raw bytes at the place a required Content-Range names (an attachment chunk).
        const body = o.requestBody as Json | undefined;
        expect(body?.required).toBe(true);
        expect(Object.keys((body?.content ?? {}) as Json)).toEqual(['application/octet-stream']);
        const range = params.find((p) => p.in === 'header' && p.name === 'Content-Range');
        expect(range?.required).toBe(true);
      } else if (op.request !== null) {
        const body = o.requestBody as Json | undefined;
        expect(body?.required).toBe(true);
        const schema = ((body?.content as Json)['application/json'] as Json).schema as Json;
        compare(jsonSchema(op.request, 'input'), schema, 'request', problems);
      } else {
        expect(o.requestBody).toBeUndefined();
      }
      const responses = o.responses as Json;
      const ok = responses[String(op.status)] as Json | undefined;
      expect(ok, `response ${op.status} missing`).toBeDefined();
      const rschema = (((ok as Json).content as Json)['application/json'] as Json).schema as Json;
      compare(jsonSchema(op.response, 'output'), rschema, 'response', problems);
      expect(problems).toEqual([]);
    });
  }

  it('names every kiosk operation of the document in the client (nothing undocumented, nothing forgotten)', () => {
    const documented: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      if (!path.startsWith('/v1/')) continue;
      for (const o of Object.values(item as Json)) documented.push((o as Json).operationId as string);
    }
    expect(documented.sort()).toEqual(
      Object.values(OPERATIONS)
        .map((o) => o.operationId)
        .sort(),
    );
  });
});
