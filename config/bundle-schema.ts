/**
 * The fleet config bundle: the part of the terminal configuration that IT owns and pushes to
 * terminals through the signed fleet repository (see docs/fleet.md).
 *
 * Sections reuse the terminal schema (`config/schema.ts`) so that a bundle can never say
 * something the terminal would refuse. A present section must be complete: layering
 * (global → hall → terminal) is resolved at publish time, and every published bundle is the
 * *effective* config for its scope. On the terminal the applied bundle sits between the
 * embedded defaults and the local site file (defaults ← fleet bundle ← local file).
 */
import { z } from 'zod';
import { LOCALES } from '../main/api/contract.js';
import { KioskConfig } from './schema.js';

/** Identifiers that end up in file names and target paths. */
export const ScopeId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash, underscore');

/**
 * One service matter (事项) in the catalog. Minimal on purpose: the citizen-journey engineer
 * extends it (forms, materials, fees…); unknown keys are refused so that an extension is a
 * schema change, not a silent pass-through.
 */
export const CatalogMatter = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, dot, dash, underscore'),
    category: z.string().min(1).max(64),
    /** Display name per locale; zh-CN is required, others fall back to it. */
    names: z.partialRecord(z.enum(LOCALES), z.string().min(1).max(200)).refine((n) => n['zh-CN'] !== undefined, {
      message: 'a zh-CN name is required',
    }),
    /** 立等可取: the result is produced on the spot. */
    instant: z.boolean(),
    enabled: z.boolean().default(true),
    /** Legal-person (法人) or natural-person (自然人) matter. */
    audience: z.enum(['person', 'legal-person', 'both']).default('person'),
    /** Statutory time limit in working days (0 = on the spot). */
    timeLimitDays: z.number().int().min(0).max(365).optional(),
  })
  .strict();
export type CatalogMatter = z.infer<typeof CatalogMatter>;

export const Catalog = z
  .object({
    matters: z
      .array(CatalogMatter)
      .max(10_000)
      .refine((m) => new Set(m.map((x) => x.id)).size === m.length, { message: 'matter ids must be unique' }),
  })
  .strict();
export type Catalog = z.infer<typeof Catalog>;

const shape = KioskConfig.shape;

/** The IT-owned sections. Each is optional; a present section replaces the default wholesale. */
export const BundleSections = z
  .object({
    session: shape.session.optional(),
    locale: shape.locale.optional(),
    devices: shape.devices.optional(),
    backoffice: shape.backoffice.optional(),
    catalog: Catalog.optional(),
  })
  .strict();
export type BundleSections = z.infer<typeof BundleSections>;
export const BUNDLE_SECTIONS = ['session', 'locale', 'devices', 'backoffice', 'catalog'] as const;

export const BundleScope = z.discriminatedUnion('level', [
  z.object({ level: z.literal('global') }).strict(),
  z.object({ level: z.literal('hall'), id: ScopeId }).strict(),
  z.object({ level: z.literal('terminal'), id: ScopeId }).strict(),
]);
export type BundleScope = z.infer<typeof BundleScope>;

/** What a terminal downloads, verifies and applies: the effective config for one scope. */
export const FleetBundle = z
  .object({
    format: z.literal('yimen-fleet-bundle/1'),
    /** The release number, equal to the one in the signed target metadata. */
    release: z.number().int().positive(),
    scope: BundleScope,
    sections: BundleSections,
  })
  .strict();
export type FleetBundle = z.infer<typeof FleetBundle>;

/** Partial sections as written by IT in overrides (merged over the global ones at publish time). */
export const SectionOverrides = z
  .object({
    session: z.unknown().optional(),
    locale: z.unknown().optional(),
    devices: z.unknown().optional(),
    backoffice: z.unknown().optional(),
    catalog: z.unknown().optional(),
  })
  .strict();
/** A terminal override layers over its hall's (when `hall` names it), which layers over global. */
export const TerminalOverrides = SectionOverrides.extend({ hall: ScopeId.optional() }).strict();

/**
 * The file IT writes and passes to `yimen fleet publish --bundle FILE`: global sections plus
 * optional per-hall and per-terminal overrides (objects merge key by key, arrays replace).
 */
export const BundleSource = z
  .object({
    global: BundleSections,
    halls: z.record(ScopeId, SectionOverrides).default({}),
    terminals: z.record(ScopeId, TerminalOverrides).default({}),
  })
  .strict();
export type BundleSource = z.infer<typeof BundleSource>;
