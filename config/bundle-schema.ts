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
import { KioskConfig } from './schema.js';

/** Identifiers that end up in file names and target paths. */
export const ScopeId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash, underscore');

const shape = KioskConfig.shape;

/** The IT-owned sections. Each is optional; a present section replaces the default wholesale. */
export const BundleSections = z
  .object({
    session: shape.session.optional(),
    locale: shape.locale.optional(),
    devices: shape.devices.optional(),
    backoffice: shape.backoffice.optional(),
    /** The service catalog, with the journeys' own schema (config/catalog-schema.ts). */
    catalog: shape.catalog.optional(),
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
