/** Facts read from the authoritative data sources (数源), with where each value came from. */
import type { DataSourceName, Department } from '../catalog/catalog.enums.ts';
import type { BilingualText } from '../kernel/text.ts';

/** Where one fact came from and when it was read. */
export interface FactProvenance { field: string; source: DataSourceName; sourceName: { zh: string; en: string }; readAt: string }

/** Why a fact is not known: the source has no record of it, could not be reached, did not answer in time, or the grant does not cover it. */
export type UnknownReason = 'no_record' | 'source_unavailable' | 'timeout' | 'not_granted';

/** The facts of one applicant: values by source then field, their provenance, and the fields that could not be read. */
export interface FactSet {
  values: Record<string, Record<string, unknown>>;        // by source, then field
  provenance: Record<string, FactProvenance>;             // by 'source.field'
  unknown: Record<string, { reason: UnknownReason; message: { zh: string; en: string } }>;
}

/**
 * Whose facts are read: the person (platform id), the blind index of their citizen ID (how the sources key their
 * records) and the ID number itself (what an outside source is asked about). `uscc` names the enterprise the person
 * acts for, for `enterprise.*` facts.
 */
export interface DataSourceSubject {
  personId: string;
  citizenIdIdx: string;
  citizenId: string;
  uscc?: string | null;
}

/** How a source is reached: a table of this platform's database, an outside service over HTTP, or the wallet. */
export type DataSourceKind = 'db' | 'http' | 'wallet';

/** The type of a field's values (`enum` lists its codes in `values`; `string[]` is a list of codes). */
export type DataSourceFieldType = 'string' | 'integer' | 'boolean' | 'date' | 'enum' | 'string[]';

/** One field of a source: its label, the type of its values and whether it is personal data (sealed at rest). */
export interface DataSourceFieldInfo {
  label: BilingualText;
  type: DataSourceFieldType;
  /** the codes of an `enum` (or of the items of a `string[]`) with their labels */
  values?: Readonly<Record<string, BilingualText>>;
  /** personal data: encrypted at rest in the source tables, decrypted only when read under a grant */
  personal?: boolean;
  /** how the value is worked out when it is not stored as such (`age` from the birth date and today) */
  derived?: string;
}

/** An authoritative source (数源): its name, the agency that owns it, how it is reached and its fields. */
export interface DataSourceInfo {
  name: BilingualText;
  owner: { agency: BilingualText; department?: Department };
  kind: DataSourceKind;
  fields: Readonly<Record<string, DataSourceFieldInfo>>;
}
