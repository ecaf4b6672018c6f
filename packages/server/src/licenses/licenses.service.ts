/**
 * Issuing e-licences (电子证照) when a case whose item outputs a licence or certificate closes approved: an SD-JWT VC
 * signed by the handling org's key, every personal claim selectively disclosable, with a GB/T 36904 identifier and a
 * slot in the org's status list. The credential is personal data: sealed at rest, shown only to its holder.
 */
import { decryptPii, encryptPii, licenseExpiry, licenseIdentifier, licenseTypeByCode, type ItemDefinition, type KeyProvider } from '@tongban/core';
import { applicationsRepo, casesRepo, identityRepo, type CaseRow, type Db, type Queryable } from '@tongban/db';
import type { Clock } from '../clock.ts';
import { unseal } from '../applications/applications.service.ts';
import type { OrgDirectory } from '../identity/org-directory.ts';
import { createHeaderAndPayload, getListFromStatusListJWT, StatusList } from '@sd-jwt/jwt-status-list';
import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { decodeJwt, SignJWT, type JWK } from 'jose';
import { NotFoundError, ValidationError } from '@tongban/core';
import { audit } from '../audit/audit.service.ts';
import { claimDisclosures, importPublicJwk, issueCredential, present, signJwsInput, verifyCompactJws, verifyPresentation, type VerifyResult } from './credential.ts';
import { claimsForPrint, claimsForPurpose, type PresentationPurpose } from '@tongban/core';
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
  constructor(private readonly deps: {
    db: Db; keys: KeyProvider; clock: Clock; orgs: OrgDirectory; issuerKeys: IssuerKeys; baseUrl: () => string;
    /** other deployments' issuers this one trusts: issuer prefix → JWKS URL */
    trusted?: () => { prefix: string; jwks: string }[];
    /** the notification outbox (expiry reminders) */
    notifier?: { enqueue(tx: Queryable, n: { personId: string; caseId: string | null; kind: string; title: { zh: string; en: string }; body: { zh: string; en: string } }): Promise<unknown> };
  }) {}

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
    // the photo on the licence: the register's, else the one the applicant uploaded for this application
    const uploaded = Object.entries(app.materials as Record<string, { kind: string; fileId?: string }>).find(([k, m]) => k.split('.').pop() === 'photo' && m.kind === 'upload')?.[1];
    if (!known.photo && uploaded?.fileId) known.photo = `urn:tongban:photo:${uploaded.fileId}`;
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
    const holder = await this.holderKey(tx, c.applicantId);
    const credential = await issueCredential({
      issuer: { iss: this.issuerOf(c.org), kid: key.kid, privateKey: key.privateKey, alg: key.alg },
      holderJwk: holder.publicJwk,
      vct: `${this.deps.baseUrl()}/vct/${type.code}`,
      claims,
      plainClaims: { licenseId: id, licenseType: type.code, licenseName: type.name, issuerName: org ? { zh: org.nameZh, en: org.nameEn } : c.org, issuedOn: today, expiresOn },
      status: { uri: `${this.deps.baseUrl()}/api/v1/status-lists/${c.org}`, idx },
      iat: this.deps.clock.now(),
      ...(expiresOn ? { exp: new Date(`${expiresOn}T23:59:59+08:00`) } : {}),
    });
    if (expiresOn && type.reminderDays) {
      // an expiry reminder through the outbox, once per licence and threshold (a durable timer)
      const remindOn = new Date(Date.parse(`${expiresOn}T00:00:00Z`) - type.reminderDays * 86_400_000).toISOString().slice(0, 10);
      await casesRepo.schedule(tx, {
        kind: 'license.remind', dedupeKey: `license-remind:${id}:${type.reminderDays}`, runAt: new Date(`${remindOn}T09:00:00+08:00`).toISOString(),
        payload: { licenseId: id, days: type.reminderDays },
      });
    }
    await tx.query(
      `insert into licenses (id, license_type, holder_id, issuer_org, case_id, issued_on, expires_on, credential_enc, kid, status_idx)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, type.code, c.applicantId, c.org, c.id, today, expiresOn, encryptPii(this.deps.keys, 'document', credential), key.kid, idx]);
    return id;
  }

  /**
   * The org's status list as a signed Token Status List JWT (2 bits: 0 valid, 1 revoked, 2 suspended), so a
   * verifier checks a licence's status without naming it to the issuer.
   */
  async statusListJwt(org: string): Promise<string> {
    const rows = (await this.deps.db.query<{ idx: number; status: string }>('select status_idx as idx, status from licenses where issuer_org = $1', [org])).rows;
    const size = Math.max(16, Math.ceil((Math.max(-1, ...rows.map((r) => r.idx)) + 1) / 16) * 16);
    const list = new StatusList(new Array(size).fill(0), 2);
    for (const r of rows) if (r.status !== 'valid') list.setStatus(r.idx, r.status === 'revoked' ? 1 : 2);
    const key = await this.deps.db.transaction((tx) => this.deps.issuerKeys.signingKey(tx, org));
    const now = Math.floor(this.deps.clock.now().getTime() / 1000);
    const { header, payload } = createHeaderAndPayload(list, { iss: this.issuerOf(org), sub: `${this.deps.baseUrl()}/api/v1/status-lists/${org}`, iat: now, exp: now + 3600, ttl: 300 },
      { alg: key.alg, typ: 'statuslist+jwt', kid: key.kid });
    if (key.alg !== 'EdDSA') {
      // jose cannot sign SM2: sign the JWS input ourselves with the 国密 profile
      const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
      return `${input}.${signJwsInput(key.alg, key.privateKey, input).toString('base64url')}`;
    }
    return new SignJWT(payload as Record<string, unknown>).setProtectedHeader(header as never).sign(key.privateKey);
  }

  /** An officer revokes, suspends or restores a licence, with a reason; the holder is told. */
  async setStatus(who: { actor: string; role: string | null; org: string | null }, id: string, status: 'valid' | 'suspended' | 'revoked', reason: string): Promise<Omit<LicenseRow, 'credentialEnc'>> {
    if (!reason.trim()) throw new ValidationError('license.reason_required', [{ path: '/reason', reason: 'required', message: { zh: '请写明吊销、暂扣或恢复的理由', en: 'Give the reason for the change' } }]);
    return this.deps.db.transaction(async (tx) => {
      const r = await tx.query<LicenseRow>(`update licenses set status = $2, status_reason = $3 where id = $1 returning ${COLS}`, [id, status, reason.trim()]);
      const row = r.rows[0];
      if (!row) throw new NotFoundError('license.not_found', { zh: `证照“${id}”`, en: `Licence "${id}"` });
      await audit(tx, { actor: who.actor, actorRole: who.role, org: who.org, action: `license.${status}`, subjectType: 'license', subjectId: id, subjectPerson: row.holderId, detail: { reason: reason.trim() } });
      const { credentialEnc: _c, ...rest } = row;
      return rest;
    });
  }

  /** The licence's issuing org and status-list row, for the resource check of officer routes. */
  async issuerOfLicense(id: string): Promise<{ org: string; licenseType: string } | null> {
    const r = await this.deps.db.query<{ org: string; licenseType: string }>('select issuer_org as org, license_type as "licenseType" from licenses where id = $1', [id]);
    return r.rows[0] ?? null;
  }

  /**
   * Verifies a presentation the way any verifier would (issuer signature against the published keys, disclosures,
   * validity, key binding, status), trusting the issuers of this deployment; logs the check for the holder to see.
   */
  async verify(presentation: string, opts: { verifier: string; purpose: string | null; nonce?: string | undefined; aud?: string | undefined }): Promise<VerifyResult> {
    const prefix = `${this.deps.baseUrl()}/issuers/`;
    const result = await verifyPresentation(presentation, {
      jwks: async (iss, kid) => {
        if (!kid) return null;
        const other = iss.startsWith(prefix) ? undefined : this.deps.trusted?.().find((t) => iss.startsWith(t.prefix));
        if (other) return this.foreignKey(other.jwks, kid);
        if (!iss.startsWith(prefix)) return null;
        // the key must be one this deployment published for that very org
        const k = await this.deps.issuerKeys.published(this.deps.db, kid);
        return k && k.org === iss.slice(prefix.length) ? k.key : null;
      },
      ...(opts.nonce ? { nonce: opts.nonce } : {}),
      ...(opts.aud ? { aud: opts.aud } : {}),
      now: this.deps.clock.now(),
      printedAud: this.printedAud(),
      status: async (uri, idx) => {
        if (!uri.startsWith(`${this.deps.baseUrl()}/`)) return this.foreignStatus(uri, idx);
        const org = uri.split('/').pop()!;
        const r = await this.deps.db.query<{ status: 'valid' | 'revoked' | 'suspended' }>('select status from licenses where issuer_org = $1 and status_idx = $2', [org, idx]);
        return r.rows[0]?.status ?? 'valid';
      },
    });
    // a presentation whose issuer signature held (it failed later: status, expiry, key binding) still names its licence
    const signed = result.valid || ['revoked', 'suspended', 'expired', 'not_yet_valid', 'bad_key_binding', 'replayed_or_expired_presentation', 'wrong_audience'].includes(result.reason);
    let licenseId: string | null = null;
    if (signed) {
      try {
        licenseId = String((decodeJwt(presentation.split('~')[0]!) as Record<string, unknown>).licenseId ?? '') || null;
      } catch { licenseId = null; }
    }
    const lic = licenseId ? (await this.deps.db.query<{ holderId: string }>('select holder_id as "holderId" from licenses where id = $1', [licenseId])).rows[0] : undefined;
    await this.deps.db.query(
      'insert into license_verifications (license_id, holder_id, verifier, purpose, disclosed, result, at) values ($1, $2, $3, $4, $5, $6, $7)',
      [lic ? licenseId : null, lic?.holderId ?? null, opts.verifier, opts.purpose, JSON.stringify(result.valid ? result.disclosed : []), result.valid ? 'valid' : result.reason, this.deps.clock.now().toISOString()]);
    return result;
  }

  private readonly foreignJwks = new Map<string, { at: number; keys: JWK[] }>();

  /** A trusted foreign issuer's key by kid, from its JWKS (cached for 5 minutes). */
  private async foreignKey(url: string, kid: string): Promise<KeyObject | null> {
    let set = this.foreignJwks.get(url);
    if (!set || Date.now() - set.at > 300_000 || !set.keys.some((k) => k.kid === kid)) {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`JWKS ${url}: ${res.status}`);
      set = { at: Date.now(), keys: ((await res.json()) as { keys: JWK[] }).keys };
      this.foreignJwks.set(url, set);
    }
    const jwk = set.keys.find((k) => k.kid === kid);
    return jwk ? importPublicJwk(jwk) : null;
  }

  /** A foreign licence's status from its issuer's status list, whose signature is checked with the issuer's JWKS. */
  private async foreignStatus(uri: string, idx: number): Promise<'valid' | 'revoked' | 'suspended'> {
    const trusted = this.deps.trusted?.().find((t) => uri.startsWith(t.prefix.replace(/\/issuers\/?$/, '/')));
    if (!trusted) throw new Error(`no trusted issuer publishes ${uri}`);
    const jwt = await (await fetch(uri, { signal: AbortSignal.timeout(5000) })).text();
    const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as { kid?: string; alg?: string; crit?: unknown };
    const key = header.kid ? await this.foreignKey(trusted.jwks, header.kid) : null;
    if (!key || !verifyCompactJws(jwt, header.alg, header.crit, key)) throw new Error(`status list ${uri} is not signed by its issuer`);
    const value = getListFromStatusListJWT(jwt).getStatus(idx);
    return value === 0 ? 'valid' : value === 1 ? 'revoked' : 'suspended';
  }

  /** Who checked the holder's licences, and what they saw (holder transparency). */
  async verificationsOf(personId: string): Promise<{ licenseId: string | null; verifier: string; purpose: string | null; disclosed: string[]; result: string; at: string }[]> {
    const r = await this.deps.db.query<{ licenseId: string | null; verifier: string; purpose: string | null; disclosed: string[]; result: string; at: string }>(
      `select license_id as "licenseId", verifier, purpose, disclosed, result, at from license_verifications where holder_id = $1 order by at desc limit 100`, [personId]);
    return r.rows.map((x) => ({ ...x, at: new Date(x.at).toISOString() }));
  }

  /** A licence timer (expiry reminder), in the claiming transaction: the holder is told once, if it is still valid. */
  async onTimer(tx: Queryable, job: { kind: string; payload: Record<string, unknown> }): Promise<string> {
    if (job.kind !== 'license.remind') return 'unknown_kind';
    const { licenseId, days } = job.payload as { licenseId: string; days: number };
    const r = await tx.query<{ holderId: string; status: string; expiresOn: string | null; licenseType: string }>(
      `select holder_id as "holderId", status, expires_on::text as "expiresOn", license_type as "licenseType" from licenses where id = $1`, [licenseId]);
    const lic = r.rows[0];
    if (!lic || lic.status !== 'valid' || !lic.expiresOn) return 'moved_on';
    const name = licenseTypeByCode(lic.licenseType)?.name ?? { zh: lic.licenseType, en: lic.licenseType };
    await this.deps.notifier?.enqueue(tx, {
      personId: lic.holderId, caseId: null, kind: 'license.expiring',
      title: { zh: `${name.zh}即将到期`, en: `${name.en} expires soon` },
      body: { zh: `您的${name.zh}将于 ${lic.expiresOn} 到期（提前 ${days} 天提醒），请及时办理续期。`, en: `Your ${name.en} expires on ${lic.expiresOn} (reminder ${days} days ahead); please renew it in time.` },
    });
    return 'fired';
  }

  /** The holder's wallet key (Ed25519, kept sealed for them), made on first use. */
  async holderKey(q: Queryable, personId: string): Promise<{ publicJwk: JWK; privateKey: KeyObject }> {
    const read = async () => (await q.query<{ publicJwk: JWK; privateEnc: string }>('select public_jwk as "publicJwk", private_enc as "privateEnc" from holder_keys where person_id = $1', [personId])).rows[0];
    let row = await read();
    if (!row) {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
      const privateEnc = encryptPii(this.deps.keys, 'document', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
      await q.query('insert into holder_keys (person_id, public_jwk, private_enc) values ($1, $2, $3) on conflict (person_id) do nothing', [personId, JSON.stringify(publicJwk), privateEnc]);
      row = (await read())!;
    }
    return { publicJwk: row.publicJwk, privateKey: createPrivateKey(decryptPii(this.deps.keys, 'document', row.privateEnc)) };
  }

  /**
   * A short-lived presentation (亮证) of one of the holder's licences: only the claims the purpose needs (or the
   * fields chosen), bound to a fresh nonce and the verifier audience by a key-binding JWT signed with the holder's key.
   */
  async presentMine(personId: string, id: string, choice: { purpose?: PresentationPurpose | undefined; fields?: string[] | undefined }) {
    const lic = await this.mine(personId, id);
    const available = claimDisclosures(lic.credential).map(([name]) => name);
    let disclose: string[];
    if (choice.fields?.length) {
      const unknown = choice.fields.filter((f) => !available.includes(f));
      if (unknown.length) {
        throw new ValidationError('license.fields_invalid', unknown.map((f) => ({ path: '/fields', reason: 'unknown_field', message: { zh: `该证照没有“${f}”这一项`, en: `The licence has no field "${f}"` } })));
      }
      disclose = choice.fields;
    } else {
      disclose = claimsForPurpose(choice.purpose ?? 'window', available);
    }
    const aud = `${this.deps.baseUrl()}/verify/${choice.purpose ?? 'custom'}`;
    const { presentation, nonce, now } = await this.bind(personId, lic.credential, disclose, aud);
    await this.deps.db.transaction((tx) => audit(tx, {
      actor: `citizen:${personId}`, actorRole: 'holder', action: 'license.present', subjectType: 'license', subjectId: id, subjectPerson: personId,
      purpose: choice.purpose ?? 'custom', detail: { disclosed: disclose },
    }));
    const expiresAt = new Date(now.getTime() + 5 * 60_000).toISOString();
    return {
      presentation, purpose: choice.purpose ?? null, aud, nonce, expiresAt, disclosed: disclose,
      verifyUrl: `${this.deps.baseUrl()}/verify#p=${encodeURIComponent(presentation)}&n=${nonce}&a=${encodeURIComponent(aud)}`,
    };
  }

  /** One of the holder's licences with its credential; 404 when it is not theirs. */
  private async mine(personId: string, id: string): Promise<Omit<LicenseRow, 'credentialEnc'> & { credential: string }> {
    const lic = await this.getMine(personId, id);
    if (!lic) throw new NotFoundError('license.not_found', { zh: `证照“${id}”`, en: `Licence "${id}"` });
    return lic;
  }

  /** A presentation of the chosen claims, key-bound with the holder's wallet key to a fresh nonce and the audience. */
  private async bind(personId: string, credential: string, disclose: string[], aud: string): Promise<{ presentation: string; nonce: string; now: Date }> {
    const holder = await this.deps.db.transaction((tx) => this.holderKey(tx, personId));
    const now = this.deps.clock.now();
    const nonce = randomBytes(16).toString('base64url');
    return { presentation: await present(credential, { disclose, holderKey: holder.privateKey, nonce, aud, iat: now }), nonce, now };
  }

  /** The audience of printed copies' QR codes (their key-binding JWT has no age limit; see credential.ts). */
  printedAud(): string {
    return `${this.deps.baseUrl()}/verify/print`;
  }

  /**
   * A printed copy of one of the holder's licences: every claim for the paper's face, and a presentation for its QR
   * code that reveals only claimsForPrint, bound to the printed-copy audience. Audited as `license.print`.
   */
  async printMine(personId: string, id: string): Promise<{ license: Omit<LicenseRow, 'credentialEnc'>; claims: [string, unknown][]; plain: Record<string, unknown>; presentation: string; verifyUrl: string }> {
    const lic = await this.mine(personId, id);
    const claims = claimDisclosures(lic.credential);
    const plain = decodeJwt(lic.credential.split('~')[0]!) as Record<string, unknown>;
    const aud = this.printedAud();
    const { presentation } = await this.bind(personId, lic.credential, claimsForPrint(claims.map(([n]) => n)), aud);
    await this.deps.db.transaction((tx) => audit(tx, {
      actor: `citizen:${personId}`, actorRole: 'holder', action: 'license.print', subjectType: 'license', subjectId: id, subjectPerson: personId,
      purpose: 'print', detail: {},
    }));
    const { credential: _c, ...license } = lic;
    return { license, claims, plain, presentation, verifyUrl: `${this.deps.baseUrl()}/verify#p=${encodeURIComponent(presentation)}&a=${encodeURIComponent(aud)}` };
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
