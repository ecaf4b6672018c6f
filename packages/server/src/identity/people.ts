/** Reading people's records: decrypting personal data for a purpose, always audited, disclosed by role. */
import { blindIndex, decryptPii, disclose, parseCitizenId, encryptPii, type Disclosure, type KeyProvider } from '@tongban/core';
import { identityRepo, type PersonRow, type Queryable } from '@tongban/db';
import { audit, type AuditInput } from '../audit/audit.service.ts';

export interface PersonView {
  id: string;
  name: string;
  sex: string;
  birthDate: string;
  citizenId: string;
  phone: string | null;
  address: string | null;
  householdRegion: string;
  householdOrg: string | null;
  disclosure: Disclosure;
}

/**
 * The person's data, decrypted, disclosed in full or masked; the read is audited in the same transaction (only a
 * person's own masked view skips the audit: see docs/decisions/0009).
 */
export async function readPerson(
  tx: Queryable, keys: KeyProvider, person: PersonRow, how: Disclosure,
  who: Omit<AuditInput, 'action' | 'subjectType' | 'subjectId' | 'subjectPerson'> & { purpose: string },
  opts: { audit?: boolean } = {},
): Promise<PersonView> {
  if (opts.audit !== false) await audit(tx, { ...who, action: 'personal_data.read', subjectType: 'person', subjectId: person.id, subjectPerson: person.citizenIdIdx, detail: { ...(who.detail ?? {}), disclosure: how } });
  const full = {
    citizenId: decryptPii(keys, 'citizen_id', person.citizenIdEnc),
    phone: person.phoneEnc ? decryptPii(keys, 'phone', person.phoneEnc) : undefined,
    address: person.addressEnc ? decryptPii(keys, 'address', person.addressEnc) : undefined,
  };
  const shown = disclose(full, how);
  return {
    id: person.id, name: how === 'full' ? person.name : disclose({ name: person.name }, how).name!, sex: person.sex, birthDate: person.birthDate,
    citizenId: shown.citizenId, phone: shown.phone ?? null, address: shown.address ?? null,
    householdRegion: person.householdRegion, householdOrg: person.householdOrg, disclosure: how,
  };
}

/** The person signing in with this citizen ID; a first sign-in creates their record from the verified claims. */
export async function personForSignIn(tx: Queryable, keys: KeyProvider, citizenId: string, name: string): Promise<PersonRow> {
  const parsed = parseCitizenId(citizenId);
  const idx = blindIndex(keys, 'citizen_id', parsed.normalized);
  const found = await identityRepo.personByCitizenIdx(tx, idx);
  if (found) return found;
  const id = `p-${idx.slice(0, 16)}`;
  await identityRepo.insertPerson(tx, {
    id, citizenIdEnc: encryptPii(keys, 'citizen_id', parsed.normalized), citizenIdIdx: idx, name: name || '—',
    sex: parsed.sex, birthDate: parsed.birthDate, phoneEnc: null, phoneIdx: null, addressEnc: null,
    householdRegion: parsed.region, householdOrg: null,
  });
  return (await identityRepo.personById(tx, id))!;
}
