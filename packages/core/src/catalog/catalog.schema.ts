/**
 * The item and bundle definition format (one YAML file each under catalog/items and catalog/bundles),
 * as JSON Schema built with TypeBox. `npm run catalog:schema` writes it to catalog/schema/*.schema.json.
 * Structural checks live here; cross-field checks (limits, references, rules) live in catalog.validate.ts.
 */
import Type, { type Static, type TSchema } from 'typebox';
import {
  BODY_NATURES, CHANNELS, DEPARTMENTS, FILE_FORMATS, HANDLING_AREAS, ITEM_TYPES, MATERIAL_FORMS, MATERIAL_KINDS,
  MATERIAL_NECESSITIES, MATERIAL_SOURCES, OUTPUT_KINDS, PROJECT_TYPES, SERVICE_OBJECTS, SOURCE_CHANNELS, STEP_ROLES,
  USE_LEVELS,
} from './catalog.enums.ts';

const strict = { additionalProperties: false } as const;
const Enum = <T extends readonly (string | number)[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ enum: [...values], ...(description ? { description } : {}) });

/** Text in Chinese with an optional English translation. */
export const LocalTextSchema = Type.Object(
  { zh: Type.String({ minLength: 1 }), en: Type.Optional(Type.String({ minLength: 1 })) },
  { ...strict, description: 'Text in Chinese (zh) with an optional English translation (en)' },
);
/** Text required in both languages. */
export const BilingualTextSchema = Type.Object(
  { zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { ...strict, description: 'Text in Chinese (zh) and English (en), both required' },
);
/** A JsonLogic rule: an object with one operator, or a literal. */
export const RuleSchema = Type.Unsafe<unknown>({
  description: 'A JsonLogic rule (https://jsonlogic.com); variables name facts such as population.age or answers.x',
  anyOf: [{ type: 'object' }, { type: 'boolean' }],
});
const Id = Type.String({ pattern: '^[a-z][a-zA-Z0-9_]*$', description: 'identifier: letters, digits, underscore; starts with a lowercase letter' });
const Code = (description: string) => Type.String({ pattern: '^[A-Za-z0-9-]+$', minLength: 3, maxLength: 50, description });

const LegalBasis = Type.Object(
  {
    title: Type.String({ minLength: 1, description: 'law or regulation, e.g. 《居住证暂行条例》' }),
    article: Type.Optional(Type.String({ description: 'article, e.g. 第九条' })),
    text: Type.Optional(Type.String()),
  },
  strict,
);

const Condition = Type.Object(
  {
    id: Id,
    text: BilingualTextSchema,
    rule: RuleSchema,
    remedy: LocalTextSchema,
    commitmentAllowed: Type.Optional(Type.Boolean({ description: 'the applicant may sign a commitment (告知承诺) instead of proving it' })),
  },
  strict,
);

const Question = Type.Object(
  {
    id: Id,
    label: BilingualTextSchema,
    type: Enum(['boolean', 'number', 'string', 'enum'] as const),
    options: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: BilingualTextSchema }, strict), { minItems: 1 })),
  },
  strict,
);

const FileRef = Type.Object(
  { name: Type.String({ minLength: 1 }), url: Type.String({ minLength: 1 }) },
  { ...strict, description: 'a downloadable file: blank form or filled sample' },
);

const Material = Type.Object(
  {
    id: Id,
    name: BilingualTextSchema,
    description: Type.Optional(LocalTextSchema),
    kind: Enum(MATERIAL_KINDS, 'original / copy (材料类型)'),
    form: Enum(MATERIAL_FORMS, 'paper / electronic / both (材料形式)'),
    originalCopies: Type.Integer({ minimum: 0 }),
    copyCopies: Type.Integer({ minimum: 0 }),
    paperSize: Type.Optional(Type.String()),
    sourceChannel: Enum(SOURCE_CHANNELS, 'where it comes from (来源渠道)'),
    issuer: Type.Optional(LocalTextSchema),
    source: Type.Object(
      {
        type: Enum(MATERIAL_SOURCES, 'upload; covered by an e-licence; covered by a data-source field; output of another item'),
        licenseType: Type.Optional(Type.String()),
        field: Type.Optional(Type.String()),
        itemCode: Type.Optional(Type.String()),
      },
      strict,
    ),
    necessity: Enum(MATERIAL_NECESSITIES, 'required / optional / deferrable (容缺) / commitment (告知承诺)'),
    neededWhen: Type.Optional(LocalTextSchema),
    deferDays: Type.Optional(Type.Integer({ minimum: 1, description: 'working days to supply a deferred material' })),
    commitmentText: Type.Optional(LocalTextSchema),
    formats: Type.Array(Enum(FILE_FORMATS), { minItems: 1, uniqueItems: true }),
    maxSizeMB: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    blankForm: Type.Optional(FileRef),
    sample: Type.Optional(FileRef),
    fillNotes: Type.Optional(LocalTextSchema),
    acceptanceCriteria: Type.Optional(LocalTextSchema),
    legalBasis: Type.Optional(Type.String()),
  },
  strict,
);

const Step = Type.Object(
  {
    id: Id,
    name: BilingualTextSchema,
    role: Enum(STEP_ROLES),
    department: Enum(DEPARTMENTS),
    limitDays: Type.Integer({ minimum: 0, description: 'step time limit in working days; 0 = same day' }),
    description: Type.Optional(LocalTextSchema),
    autoApproval: Type.Optional(
      Type.Object({ rule: RuleSchema, description: LocalTextSchema }, { ...strict, description: 'the step completes with no human when the rule holds (秒办)' }),
    ),
  },
  strict,
);

const Limit = Type.Object(
  { days: Type.Integer({ minimum: 0 }), explain: Type.Optional(LocalTextSchema) },
  { ...strict, description: 'a time limit in working days' },
);

const Fee = Type.Object(
  {
    name: BilingualTextSchema,
    standard: LocalTextSchema,
    amountYuan: Type.Optional(Type.Number({ minimum: 0 })),
    basis: Type.String({ minLength: 1 }),
    reducible: Type.Boolean(),
    reductionBasis: Type.Optional(Type.String()),
  },
  strict,
);

const Place = Type.Object(
  {
    name: BilingualTextSchema,
    address: LocalTextSchema,
    hours: LocalTextSchema,
    phone: Type.String({ minLength: 1 }),
    traffic: Type.Optional(LocalTextSchema),
  },
  strict,
);

const Contact = Type.Object(
  {
    name: BilingualTextSchema,
    address: Type.Optional(LocalTextSchema),
    phone: Type.String({ minLength: 1 }),
    url: Type.Optional(Type.String()),
  },
  strict,
);

/** A service item (政务服务事项) with every guide element. */
export const ItemDefinitionSchema = Type.Object(
  {
    basicCode: Type.String({ pattern: '^[0-9A-Z]{12}$', description: '基本编码: 12 characters' }),
    implementationCode: Type.String({ pattern: '^[0-9A-Z]{18}[1-7][0-9A-Z]{12}$', description: '实施编码: USCC of the implementing body (18) + level (1) + basic code (12)' }),
    handlingItemCode: Type.Optional(Type.String({ maxLength: 50 })),
    name: BilingualTextSchema,
    summary: Type.Optional(LocalTextSchema),
    department: Enum(DEPARTMENTS),
    itemType: Enum(ITEM_TYPES),
    projectType: Enum(PROJECT_TYPES, '即办件 instant / 承诺件 promised'),
    serviceObjects: Type.Array(Enum(SERVICE_OBJECTS), { minItems: 1, uniqueItems: true }),
    topics: Type.Array(Type.String(), { description: 'life-event / business themes' }),
    keywords: Type.Optional(Type.Array(Type.String())),
    implementingBody: Type.Object(
      {
        name: BilingualTextSchema,
        uscc: Type.String({ pattern: '^[0-9A-Z]{18}$' }),
        nature: Enum(BODY_NATURES),
        useLevel: Enum(USE_LEVELS),
        powerSource: LocalTextSchema,
        coHandling: Type.Optional(Type.Array(BilingualTextSchema)),
        entrustedBy: Type.Optional(BilingualTextSchema),
        centralDepartment: LocalTextSchema,
        intermediaryServices: Type.Optional(LocalTextSchema),
      },
      strict,
    ),
    legalBasis: Type.Array(LegalBasis, { minItems: 1 }),
    conditions: Type.Array(Condition, { minItems: 1 }),
    questions: Type.Optional(Type.Array(Question)),
    refusalCases: Type.Array(LocalTextSchema, { description: '禁止性要求 / 不予受理情形' }),
    quantityLimit: Type.Optional(LocalTextSchema),
    rights: LocalTextSchema,
    duties: LocalTextSchema,
    remedies: Type.Object({ review: Contact, litigation: Contact }, { ...strict, description: '行政复议 and 行政诉讼' }),
    materials: Type.Array(Material),
    form: Type.Object(
      {
        schema: Type.Unsafe<Record<string, unknown>>({ type: 'object', description: 'JSON Schema (draft 2020-12 subset) of the application form' }),
        uiSchema: Type.Record(Type.String(), Type.Unknown(), { description: 'react-jsonschema-form UI schema' }),
        prefill: Type.Record(Type.String(), Type.String(), { description: 'form field → data-source field (source.field) it is prefilled from' }),
      },
      strict,
    ),
    process: Type.Object(
      {
        steps: Type.Array(Step, { minItems: 1 }),
        flowDescription: Type.Optional(LocalTextSchema),
        specialProcedures: Type.Optional(Type.Array(LocalTextSchema)),
        supplementLimitDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'working days the applicant has to answer a supplement request (补正); unanswered, the case ends (default 15)' })),
      },
      strict,
    ),
    timeLimits: Type.Object({ legal: Limit, promised: Limit }, strict),
    fees: Type.Object(
      { charged: Type.Boolean(), items: Type.Array(Fee), payOnline: Type.Boolean() },
      strict,
    ),
    channels: Type.Array(Enum(CHANNELS), { minItems: 1, uniqueItems: true }),
    onlineDepth: Type.Array(Type.Integer({ minimum: 1, maximum: 8 }), { uniqueItems: true }),
    fullyOnline: Type.Boolean(),
    visits: Type.Object(
      { count: Type.Integer({ minimum: 0, maximum: 5 }), reason: Type.Optional(LocalTextSchema) },
      { ...strict, description: '到办事现场次数; a reason is required when above 0' },
    ),
    appointment: Type.Object(
      { supported: Type.Boolean(), rule: Type.Optional(LocalTextSchema) },
      strict,
    ),
    express: Type.Object({ materials: Type.Boolean(), results: Type.Boolean() }, strict),
    scope: Type.Object(
      {
        cityWide: Type.Boolean(),
        crossRegion: Type.Boolean(),
        area: Type.Optional(Enum(HANDLING_AREAS)),
        note: Type.Optional(LocalTextSchema),
      },
      strict,
    ),
    output: Type.Object(
      {
        kind: Enum(OUTPUT_KINDS),
        name: Type.Optional(BilingualTextSchema),
        licenseType: Type.Optional(Type.String()),
        sample: Type.Optional(FileRef),
        delivery: Type.Optional(Type.Array(Enum(['e_license', 'window', 'postal'] as const), { uniqueItems: true })),
      },
      strict,
    ),
    places: Type.Array(Place, { minItems: 1 }),
    consultation: Type.Object({ phone: Type.String({ minLength: 1 }), online: Type.Optional(Type.String()) }, strict),
    complaint: Type.Object({ phone: Type.String({ minLength: 1 }), online: Type.Optional(Type.String()) }, strict),
    faq: Type.Array(Type.Object({ q: BilingualTextSchema, a: BilingualTextSchema }, strict)),
  },
  { ...strict, title: 'Tongban service item definition' },
);
export type ItemDefinition = Static<typeof ItemDefinitionSchema>;
export type ItemCondition = ItemDefinition['conditions'][number];
export type ItemMaterial = ItemDefinition['materials'][number];
export type ItemStep = ItemDefinition['process']['steps'][number];

/** One item file: the definition plus catalog metadata (code and effective date). */
export const ItemFileSchema = Type.Object(
  {
    code: Code('catalog code of the item, stable across versions, e.g. HZ-JZZ-BL'),
    effectiveDate: Type.Optional(Type.String({ format: 'date', description: 'YYYY-MM-DD; defaults to the publication day' })),
    ...ItemDefinitionSchema.properties,
  },
  { additionalProperties: false, $id: 'https://tongban.example/schema/item.schema.json', title: 'Tongban service item file' },
);
export type ItemFile = Static<typeof ItemFileSchema>;

/** A life-event bundle (一件事). */
export const BundleDefinitionSchema = Type.Object(
  {
    name: BilingualTextSchema,
    summary: LocalTextSchema,
    leadDepartment: Enum(DEPARTMENTS),
    topics: Type.Array(Type.String()),
    members: Type.Array(
      Type.Object(
        {
          itemCode: Type.String({ minLength: 1 }),
          after: Type.Optional(Type.Array(Type.String(), { description: 'item codes of members that must close before this one starts' })),
          optional: Type.Optional(Type.Boolean()),
          note: Type.Optional(LocalTextSchema),
        },
        strict,
      ),
      { minItems: 2 },
    ),
    promisedLimitDays: Type.Integer({ minimum: 0, description: 'promised limit of the whole bundle in working days' }),
    visits: Type.Integer({ minimum: 0 }),
    faq: Type.Optional(Type.Array(Type.Object({ q: BilingualTextSchema, a: BilingualTextSchema }, strict))),
  },
  strict,
);
export type BundleDefinition = Static<typeof BundleDefinitionSchema>;

export const BundleFileSchema = Type.Object(
  {
    code: Code('catalog code of the bundle, e.g. YJS-GMSG'),
    effectiveDate: Type.Optional(Type.String({ format: 'date' })),
    ...BundleDefinitionSchema.properties,
  },
  { additionalProperties: false, $id: 'https://tongban.example/schema/bundle.schema.json', title: 'Tongban life-event bundle file' },
);
export type BundleFile = Static<typeof BundleFileSchema>;

export type { TSchema };
