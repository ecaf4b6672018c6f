/**
 * `npm run bench -- licenses`: e-licence credentials in memory on one core (no database, no HTTP).
 * - issue_per_s: complete issuance of a residence-permit SD-JWT VC (10 selectively disclosable claims, holder key
 *   `cnf`, status-list reference), Ed25519; limit `ed25519` = raw Ed25519 signs/s in the same run ÷ 1 (one signature
 *   per issuance).
 * - verify_per_s: full verification of a key-bound presentation (issuer signature, disclosures, validity, key binding,
 *   status through an in-memory status function); limit `ed25519` = raw Ed25519 verifies/s ÷ 2 (two signatures).
 * - issue_sm2_per_s, verify_sm2_per_s: the same with the SM2/SM3 profile (issuer and holder keys SM2); limit `sm2`.
 * Each figure: median of 3 rounds of BENCH_SECONDS (default 2) after a warm-up.
 */
import { generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import {
  EDDSA_ALG,
  SM2_ALG,
  issueCredential,
  present,
  publicJwk,
  sm2KeyPair,
  verifyPresentation,
  type CredentialStatus,
  type IssueCredentialInput,
  type SigningAlg,
  type VerifyOptions,
} from '../packages/server/src/licenses/credential.ts';
import { figure, progress, quantile, round } from './report.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = 3;
const ISS = 'https://tongban.example/orgs/SH-HP';
const STATUS_URI = `${ISS}/status/1`;
const T0 = new Date('2026-11-23T08:00:00Z');

/** Runs fn for SECONDS after a warm-up, ROUNDS times; the median rate in ops/s. */
async function rate(label: string, fn: () => unknown): Promise<number> {
  const warmEnd = performance.now() + 300;
  while (performance.now() < warmEnd) await fn();
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const t0 = performance.now();
    const end = t0 + SECONDS * 1000;
    // check the clock every 16 calls so timing stays out of the measurement
    while (performance.now() < end) for (let i = 0; i < 16; i++, n++) await fn();
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  const median = quantile(rates, 0.5);
  progress(`${label}: ${rates.map((x) => Math.round(x)).join(' / ')} → median ${Math.round(median)}/s`);
  return median;
}

// synchronous loops for the raw primitives (no await between calls, as the ceiling)
function rawRate(label: string, fn: () => unknown): number {
  const warmEnd = performance.now() + 300;
  while (performance.now() < warmEnd) fn();
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const t0 = performance.now();
    const end = t0 + SECONDS * 1000;
    while (performance.now() < end) for (let i = 0; i < 16; i++, n++) fn();
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  const median = quantile(rates, 0.5);
  progress(`${label}: ${rates.map((x) => Math.round(x)).join(' / ')} → median ${Math.round(median)}/s`);
  return median;
}

const claims = {
  name: '王小明',
  citizenId: '31010119900307123X',
  sex: 'male',
  birthDate: '1990-03-07',
  nationality: '汉',
  address: '上海市黄浦区人民大道200号',
  originAddress: '江苏省南京市玄武区中山路1号',
  photo: `data:image/jpeg;base64,${'A'.repeat(64)}`,
  permitNumber: '310101202611230001',
  validity: '2026-11-23/2027-11-22',
};

async function profile(alg: SigningAlg, issuerKeys: { privateKey: KeyObject; publicKey: KeyObject }, holderKeys: { privateKey: KeyObject; publicKey: KeyObject }) {
  const kid = alg === SM2_ALG ? 'sh-hp-sm2' : 'sh-hp-ed';
  const statuses = new Map<number, CredentialStatus>([[4711, 'valid']]);
  const input: IssueCredentialInput = {
    issuer: { iss: ISS, kid, privateKey: issuerKeys.privateKey, alg },
    vct: 'https://tongban.example/vct/residence_permit',
    claims,
    plainClaims: { licenseType: 'residence_permit', issuerName: '上海市公安局黄浦分局', certificateIdentifier: '1231000000000000AB' },
    holderJwk: publicJwk(holderKeys.publicKey),
    status: { uri: STATUS_URI, idx: 4711 },
    iat: T0,
    exp: new Date('2027-11-22T16:00:00Z'),
  };
  const credential = await issueCredential(input);
  const presentation = await present(credential, {
    disclose: ['name', 'photo', 'validity'], holderKey: holderKeys.privateKey, nonce: 'n-42', aud: 'https://hotel.example', iat: T0,
  });
  const options: VerifyOptions = {
    jwks: async (iss, k) => (iss === ISS && k === kid ? issuerKeys.publicKey : null),
    nonce: 'n-42',
    aud: 'https://hotel.example',
    now: new Date(T0.getTime() + 60_000),
    status: async (uri, idx) => (uri === STATUS_URI ? statuses.get(idx) ?? 'revoked' : 'revoked'),
  };
  const check = await verifyPresentation(presentation, options);
  if (!check.valid || !check.holderBound || !check.statusChecked || check.claims['name'] !== claims.name) throw new Error(`${alg}: presentation does not verify: ${JSON.stringify(check)}`);
  return {
    issue: () => issueCredential(input),
    verify: async () => {
      const r = await verifyPresentation(presentation, options);
      if (!r.valid) throw new Error(r.reason);
    },
  };
}

const data = Buffer.from('x'.repeat(700)); // about the size of an issuer JWT's signing input

// ---- Ed25519
const edIssuer = generateKeyPairSync('ed25519');
const edHolder = generateKeyPairSync('ed25519');
const edSig = sign(null, data, edIssuer.privateKey);
const edSigns = rawRate('raw ed25519 sign', () => sign(null, data, edIssuer.privateKey));
const edVerifies = rawRate('raw ed25519 verify', () => verify(null, data, edIssuer.publicKey, edSig));
const ed = await profile(EDDSA_ALG, edIssuer, edHolder);
const edIssue = await rate('issue (Ed25519)', ed.issue);
const edVerify = await rate('verify (Ed25519)', ed.verify);

// ---- SM2/SM3
const smIssuer = sm2KeyPair();
const smHolder = sm2KeyPair();
const smSig = sign('sm3', data, smIssuer.privateKey);
const smSigns = rawRate('raw sm2 sign', () => sign('sm3', data, smIssuer.privateKey));
const smVerifies = rawRate('raw sm2 verify', () => verify('sm3', data, smIssuer.publicKey, smSig));
const sm = await profile(SM2_ALG, smIssuer, smHolder);
const smIssue = await rate('issue (SM2)', sm.issue);
const smVerify = await rate('verify (SM2)', sm.verify);

const line = (name: string, value: number, limit: 'ed25519' | 'sm2', limitValue: number) => {
  progress(`${name}: ${Math.round(value)}/s = ${round((100 * value) / limitValue, 1)}% of ${limit} limit ${Math.round(limitValue)}/s`);
  figure({ suite: 'licenses', figure: name, value: round(value, 1), unit: 'ops/s', limit, limitValue: round(limitValue, 1) });
};
line('issue_per_s', edIssue, 'ed25519', edSigns / 1);
line('verify_per_s', edVerify, 'ed25519', edVerifies / 2);
line('issue_sm2_per_s', smIssue, 'sm2', smSigns / 1);
line('verify_sm2_per_s', smVerify, 'sm2', smVerifies / 2);
