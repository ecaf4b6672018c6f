/** JSON Schemas (TypeBox) of the monitoring routes: the alert list and its query. */
import Type from 'typebox';
import { ALERT_KINDS } from '../../monitoring/monitor.repo.ts';

const Text = Type.Object({ zh: Type.String(), en: Type.String() }, { additionalProperties: false });
const Ref = Type.Object({ code: Type.String(), name: Text }, { additionalProperties: false });
const Person = Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false });
const Kind = Type.Unsafe<(typeof ALERT_KINDS)[number]>({ type: 'string', enum: [...ALERT_KINDS] });
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const AlertQuery = Type.Object({
  org: Type.Optional(Type.String({ pattern: '^[A-Z0-9-]{1,40}$' })),
  state: Type.Union([Type.Literal('open'), Type.Literal('all')], { default: 'open' }),
  kind: Type.Optional(Kind),
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
}, { additionalProperties: false });

/** One alert as officers see it. */
export const AlertView = Type.Object({
  id: Type.String(),
  kind: Kind,
  kindName: Text,
  caseId: Type.String(),
  itemCode: NullableString,
  caseState: Type.String({ description: 'the case state when the alert was raised' }),
  step: Type.Object({ id: NullableString, role: NullableString, startedOn: NullableString, dueDate: NullableString }, { additionalProperties: false }),
  org: Ref,
  department: Type.String(),
  responsible: Type.Array(Person, { description: 'officers told when it was raised' }),
  supervisors: Type.Array(Person, { description: 'department heads told when it was escalated' }),
  raisedAt: Type.String({ format: 'date-time' }),
  escalatedAt: NullableString,
  clearedAt: NullableString,
  open: Type.Boolean(),
}, { additionalProperties: false, $id: 'Alert' });

export const AlertPage = Type.Object({
  total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(), items: Type.Array(Type.Ref('Alert')),
}, { additionalProperties: false });
