/** Seeds the demo org tree, people (personal data encrypted), officers and the demo enterprise into an empty database. */
import { blindIndex, encryptPii, parseCitizenId, type KeyProvider } from '@tongban/core';
import { identityRepo, type Db } from '@tongban/db';
import { DEMO_ENTERPRISE, DEMO_ORGS, DEMO_PEOPLE } from './demo-people.ts';

const SEED_LOCK = 7_310_000_013;

/** Loads the demo identity data when there are no orgs yet; returns whether it did. */
export async function seedIdentity(db: Db, keys: KeyProvider): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [SEED_LOCK]);
    if ((await identityRepo.countOrgs(tx)) > 0) return false;
    for (const o of DEMO_ORGS) await identityRepo.insertOrg(tx, o);
    for (const p of DEMO_PEOPLE) {
      const parsed = parseCitizenId(p.citizenId);
      await identityRepo.insertPerson(tx, {
        id: p.id,
        citizenIdEnc: encryptPii(keys, 'citizen_id', parsed.normalized),
        citizenIdIdx: blindIndex(keys, 'citizen_id', parsed.normalized),
        name: p.name,
        sex: parsed.sex,
        birthDate: parsed.birthDate,
        phoneEnc: encryptPii(keys, 'phone', p.phone),
        phoneIdx: blindIndex(keys, 'phone', p.phone),
        addressEnc: encryptPii(keys, 'address', p.address),
        emailEnc: encryptPii(keys, 'email', p.email),
        householdRegion: parsed.region,
        householdOrg: p.householdOrg,
      });
      if (p.officer) await identityRepo.insertOfficer(tx, { id: `o-${p.officer.badge}`, personId: p.id, badge: p.officer.badge }, p.officer.roles);
    }
    await identityRepo.insertEnterprise(tx, {
      uscc: DEMO_ENTERPRISE.uscc, name: DEMO_ENTERPRISE.name,
      addressEnc: encryptPii(keys, 'address', DEMO_ENTERPRISE.address), legalRep: DEMO_ENTERPRISE.legalRepresentative,
    });
    await identityRepo.authorise(tx, DEMO_ENTERPRISE.uscc, DEMO_ENTERPRISE.legalRepresentative, 'legal_representative');
    for (const a of DEMO_ENTERPRISE.agents) await identityRepo.authorise(tx, DEMO_ENTERPRISE.uscc, a, 'agent');
    return true;
  });
}
