/**
 * The service catalog: every matter (事项) this terminal offers, each with its form, required
 * materials and delivery choices, declared as data (pushed by IT in the fleet bundle).
 */
import { z } from 'zod';
import { CATALOG_ICONS, LOCALES } from './vocabulary.js';

/** Text in the UI languages; zh-CN is required, the others fall back to it. */
export const LocalizedText = z
  .partialRecord(z.enum(LOCALES), z.string().min(1).max(500))
  .refine((t) => t['zh-CN'] !== undefined, { message: 'a zh-CN text is required' });
export type LocalizedText = z.infer<typeof LocalizedText>;

/**
 * A display text from the config (e.g. `terminal.hallName`): per locale
 * (`{ "zh-CN": …, "zh-HK": …, "en": … }`), or — as older configs have it — one plain string, read as
 * the zh-CN text. Locales left out fall back to zh-CN.
 */
export const DisplayText = z.union([
  z
    .string()
    .min(1)
    .max(500)
    .transform((s): LocalizedText => ({ 'zh-CN': s })),
  LocalizedText,
]);

/** The text for `locale`, else zh-CN, else any. */
export function textFor(text: LocalizedText, locale: string): string {
  return text[locale as keyof LocalizedText] ?? text['zh-CN'] ?? Object.values(text)[0] ?? '';
}

/** Card fields a form may be prefilled from. */
export const PREFILL_SOURCES = ['name', 'idNumber', 'address', 'birthDate', 'sex'] as const;

export const FormField = z
  .object({
    id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/),
    label: LocalizedText,
    /** Which on-screen keyboard the field opens. */
    kind: z.enum(['text', 'digits', 'phone', 'select', 'textarea']),
    required: z.boolean().default(true),
    prefill: z.enum(PREFILL_SOURCES).optional(),
    /** Prefilled from the chip and not editable (the standard trusts the card). */
    locked: z.boolean().default(false),
    minLength: z.number().int().min(0).max(2000).optional(),
    maxLength: z.number().int().min(1).max(2000).default(100),
    /** A regular expression the whole value must match (for digits and codes). */
    pattern: z.string().max(200).optional(),
    options: z.array(z.object({ value: z.string().min(1).max(64), label: LocalizedText }).strict()).optional(),
    /** Personal data (encrypted at rest, masked on review screens and receipts). */
    personal: z.boolean().default(false),
    /**
     * Sensitive personal information (PIPL art. 28: health, biometrics, religion, financial
     * accounts, whereabouts, a minor's data…): the consent screen asks for it separately.
     */
    sensitive: z.boolean().default(false),
  })
  .strict()
  .refine((f) => f.kind !== 'select' || (f.options?.length ?? 0) > 0, {
    message: 'a select field needs options',
    path: ['options'],
  })
  .refine((f) => !f.sensitive || f.personal, { message: 'a sensitive field is personal data too', path: ['personal'] });
export type FormField = z.infer<typeof FormField>;

export const Material = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
    name: LocalizedText,
    /**
     * How the standard obtains it: read from the ID chip, fetched by data sharing between
     * departments, deposited in a locker by the citizen, or shown as an original at pickup.
     */
    trust: z.enum(['chip', 'data-sharing', 'deposit', 'original-at-pickup']),
    required: z.boolean().default(true),
    /**
     * How the citizen may provide it at the kiosk (#16): `scan` the paper with the document camera,
     * pick an electronic licence (`licence`, one of `licenceTypes`) the back office holds for them,
     * `declare` it (告知承诺, where the standard allows), or `deposit` the original in a locker
     * compartment once the application is in, for staff to collect. Empty: nothing to do at the kiosk (read
     * from the chip, shared between departments, or handled by `trust`). A required material with
     * ways blocks submission until provided.
     */
    ways: z
      .array(z.enum(['scan', 'licence', 'declare', 'deposit']))
      .max(4)
      .default([]),
    /** E-licence type codes (电子证照类型) that satisfy it, for the `licence` way. */
    licenceTypes: z.array(z.string().min(1).max(64)).max(20).default([]),
  })
  .strict()
  .refine((m) => !m.ways.includes('licence') || m.licenceTypes.length > 0, {
    message: 'the licence way needs licenceTypes',
    path: ['licenceTypes'],
  })
  .refine((m) => new Set(m.ways).size === m.ways.length, { message: 'each way once', path: ['ways'] });
export type Material = z.infer<typeof Material>;
export type MaterialWay = Material['ways'][number];

export const DELIVERY_METHODS = ['on-the-spot', 'locker', 'post', 'electronic'] as const;

export const CatalogMatter = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, dot, dash, underscore'),
    category: z.string().min(1).max(64),
    names: LocalizedText,
    /** 立等可取: the result is produced and printed on the spot. */
    instant: z.boolean(),
    enabled: z.boolean().default(true),
    /** Natural-person (自然人) or legal-person (法人) matter. */
    audience: z.enum(['person', 'legal-person', 'both']).default('person'),
    /** Statutory time limit in working days (0 = on the spot). */
    timeLimitDays: z.number().int().min(0).max(365).optional(),
    description: LocalizedText.optional(),
    /** The department that decides it (an id in the catalog's `departments`). */
    department: z.string().min(1).max(64).optional(),
    /** The life events (一件事: birth, school, marriage…) it belongs to (ids in the catalog's `lifeEvents`). */
    lifeEvents: z.array(z.string().min(1).max(64)).max(10).default([]),
    /** Who may apply (受理条件), as shown on the matter's page before identification. */
    conditions: LocalizedText.optional(),
    /** The fee in yuan (0 = free of charge). */
    feeYuan: z.number().min(0).max(100_000).default(0),
    /** Where and how the result is collected, beyond the delivery methods (e.g. the locker wall's place). */
    pickup: LocalizedText.optional(),
    form: z.array(FormField).max(40).default([]),
    materials: z.array(Material).max(40).default([]),
    delivery: z.array(z.enum(DELIVERY_METHODS)).min(1).default(['locker']),
    /** For instant matters: the document's title and the statement it certifies. */
    document: z
      .object({ title: LocalizedText, body: LocalizedText, issuer: z.string().min(1).max(200) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((m) => !m.instant || m.document !== undefined, {
    message: 'an instant matter needs a document template',
    path: ['document'],
  })
  .refine((m) => new Set(m.form.map((f) => f.id)).size === m.form.length, {
    message: 'form field ids must be unique',
    path: ['form'],
  });
export type CatalogMatter = z.infer<typeof CatalogMatter>;

export const Catalog = z
  .object({
    /** Category display names by category id. */
    categories: z.record(z.string(), LocalizedText).default({}),
    /** Department display names by department id (matters' `department`). */
    departments: z.record(z.string(), LocalizedText).default({}),
    /** Life event (一件事) display names by id (matters' `lifeEvents`). */
    lifeEvents: z.record(z.string(), LocalizedText).default({}),
    /**
     * The picture drawn beside each category, department and life event (and each matter, by its
     * category's, else its department's), from the kiosk's own set (config/vocabulary.ts).
     */
    icons: z
      .object({
        categories: z.record(z.string(), z.enum(CATALOG_ICONS)).default({}),
        departments: z.record(z.string(), z.enum(CATALOG_ICONS)).default({}),
        lifeEvents: z.record(z.string(), z.enum(CATALOG_ICONS)).default({}),
      })
      .strict()
      .default({ categories: {}, departments: {}, lifeEvents: {} }),
    /** 常办事项: the matters the home screen shows first, by id, most used first. */
    common: z.array(z.string().min(1).max(64)).max(48).default([]),
    /** Search synonyms: a word citizens type → the words the catalog uses (社保 → 社会保险). */
    synonyms: z.record(z.string().min(1).max(20), z.array(z.string().min(1).max(40)).min(1).max(10)).default({}),
    matters: z
      .array(CatalogMatter)
      .max(10_000)
      .refine((m) => new Set(m.map((x) => x.id)).size === m.length, { message: 'matter ids must be unique' }),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ids = new Set(c.matters.map((m) => m.id));
    c.common.forEach((id, i) => {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', message: `no matter ${id}`, path: ['common', i] });
    });
    for (const kind of ['categories', 'departments', 'lifeEvents'] as const)
      for (const id of Object.keys(c.icons[kind]))
        if (c[kind][id] === undefined)
          ctx.addIssue({ code: 'custom', message: `an icon for no ${kind} entry ${id}`, path: ['icons', kind, id] });
    c.matters.forEach((m, i) => {
      if (m.department !== undefined && c.departments[m.department] === undefined)
        ctx.addIssue({ code: 'custom', message: `no department ${m.department}`, path: ['matters', i, 'department'] });
      m.lifeEvents.forEach((e, j) => {
        if (c.lifeEvents[e] === undefined)
          ctx.addIssue({ code: 'custom', message: `no life event ${e}`, path: ['matters', i, 'lifeEvents', j] });
      });
    });
  });
export type Catalog = z.infer<typeof Catalog>;
export type CatalogInput = z.input<typeof Catalog>;
