/**
 * Issuing e-licences (电子证照) when a case whose item outputs a licence or certificate closes approved: an SD-JWT VC
 * signed by the handling org's key, every personal claim selectively disclosable, with a GB/T 36904 identifier and a
 * slot in the org's status list. The credential is personal data: sealed at rest, shown only to its holder.
 */
import { decryptPii, encryptPii, licenseExpiry, licenseIdentifier, licenseTypeByCode, type ItemDefinition, type KeyProvider } from '@tongban/core';
import { applicationsRepo, identityRepo, type CaseRow, type Db, type Queryable } from '@tongban/db';
import type { Clock } from '../clock.ts';
import { unseal } from '../applications/applications.service.ts';
import type { OrgDirectory } from '../identity/org-directory.ts';
import { issueCredential } from './credential.ts';
import type { IssuerKeys } from './issuer-keys.ts';

export interface LicenseRow {
  id: string;
  licenseType: string;
  holderId: string;
  issuerOrg: string;
  caseId: string | null;
  issuedOn: string;
  expiresOn: string | null;
  kid: string;
  statusIdx: number;
  status: 'valid' | 'suspended' | 'revoked';
  statusReason: string | null;
  credentialEnc: string;
}

const COLS = `id, license_type as "licenseType", holder_id as "holderId", issuer_org as "issuerOrg", case_id as "caseId",
  issued_on::text as "issuedOn", expires_on::text as "expiresOn", kid, status_idx as "statusIdx", status, status_reason as "statusReason",
  credential_enc as "credentialEnc"`;

export class LicenseService {
  constructor(private readonly deps: { db: Db; keys: KeyProvider; clock: Clock; orgs: OrgDirectory; issuerKeys: IssuerKeys; baseUrl: () => string }) {}

  /** The issuer identifier of an org (its URL on this platform). */
  issuerOf(org: string): string {
    return `${this.deps.baseUrl()}/issuers/${org}`;
  }

  /** Issues the licence of a case that just closed approved, in the case's transaction; null when the item outputs none. */
  async issueForCase(tx: Queryable, c: CaseRow, item: ItemDefinition): Promise<string | null> {
    const type = item.output.licenseType ? licenseTypeByCode(item.output.licenseType) : undefined;
    if (!type || c.outcome !== 'approved') return null;
    const app = (await applicationsRepo.get(tx, c.applicationId))!;
    const parts = unseal(this.deps.keys, app);
    const person = (await identityRepo.personById(tx, c.applicantId))!;
    const known: Record<string, unknown> = {
      ...Object.fromEntries(Object.entries(parts.facts.values.population ?? {})),
      ...parts.form,
      name: person.name, sex: person.sex, birthDate: person.birthDate, citizenId: decryptPii(this.deps.keys, 'citizen_id', person.citizenIdEnc),
    };
    const serial = String((await tx.query<{ n: string }>(`select nextval('license_serial_seq')::text as n`)).rows[0]!.n).padStart(10, '0');
    const id = licenseIdentifier({ typeCode: type.typeCode, issuerUscc: item.implementingBody.uscc, serial, version: 1 });
    const claims: Record<string, unknown> = {};
    for (const name of type.claims) {
      if (name === 'permitNumber' || name === 'certificateNumber') claims[name] = serial;
      else if (known[name] !== undefined && known[name] !== null && known[name] !== '') claims[name] = known[name];
    }
    const idx = (await tx.query<{ idx: number }>(
      `insert into status_lists (org) values ($1) on conflict (org) do update set next_idx = status_lists.next_idx + 1 returning next_idx as idx`, [c.org])).rows[0]!.idx;
    const key = await this.deps.issuerKeys.signingKey(tx, c.org);
    const today = this.deps.clock.today();
    const expiresOn = licenseExpiry(type, today);
    const org = await this.deps.orgs.get(c.org, tx);
    const credential = await issueCredential({
      issuer: { iss: this.issuerOf(c.org), kid: key.kid, privateKey: key.privateKey },
      vct: `${this.deps.baseUrl()}/vct/${type.code}`,
      claims,
      plainClaims: { licenseId: id, licenseType: type.code, licenseName: type.name, issuerName: org ? { zh: org.nameZh, en: org.nameEn } : c.org, issuedOn: today, expiresOn },
      status: { uri: `${this.deps.baseUrl()}/api/v1/status-lists/${c.org}`, idx },
      iat: this.deps.clock.now(),
      ...(expiresOn ? { exp: new Date(`${expiresOn}T23:59:59+08:00`) } : {}),
    });
    await tx.query(
      `insert into licenses (id, license_type, holder_id, issuer_org, case_id, issued_on, expires_on, credential_enc, kid, status_idx)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, type.code, c.applicantId, c.org, c.id, today, expiresOn, encryptPii(this.deps.keys, 'document', credential), key.kid, idx]);
    return id;
  }

  /** The holder's licences, newest first (without the credential). */
  async listMine(personId: string): Promise<Omit<LicenseRow, 'credentialEnc'>[]> {
    const r = await this.deps.db.query<LicenseRow>(`select ${COLS} from licenses where holder_id = $1 order by issued_on desc, id`, [personId]);
    return r.rows.map(({ credentialEnc: _c, ...row }) => row);
  }

  /** One of the holder's licences with its credential (the SD-JWT VC with every disclosure); null when not theirs. */
  async getMine(personId: string, id: string): Promise<(Omit<LicenseRow, 'credentialEnc'> & { credential: string }) | null> {
    const r = await this.deps.db.query<LicenseRow>(`select ${COLS} from licenses where id = $1 and holder_id = $2`, [id, personId]);
    const row = r.rows[0];
    if (!row) return null;
    const { credentialEnc, ...rest } = row;
    return { ...rest, credential: decryptPii(this.deps.keys, 'document', credentialEnc) };
  }
}
