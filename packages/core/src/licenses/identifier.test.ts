import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { isValidUscc } from '../identity/identifiers.ts';
import { LICENSE_TYPE_REGISTRY, licenseExpiry, licenseTypeByCode } from './license-types.ts';
import { isValidLicenseIdentifier, licenseIdentifier, LicenseIdentifierError, mod3736CheckChar, parseLicenseIdentifier } from './identifier.ts';

// shared/reference/e-license.md §2.2: four real identifiers whose check characters match
const REAL = [
  '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
  '1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9',
  '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
];
// the API documentation example the reference marks as made up (computed check D, printed M)
const MADE_UP = '1.2.156.3005.2.11100000000013661B006.113700000045046442.209FA4E88F9E4C878F3E9BED2CE7EA49.001.M';

const isCode = (reason: string) => (e: unknown) => e instanceof LicenseIdentifierError && e.reason === reason && e.code === `license.identifier.${reason}`;

test('the four real identifiers of the reference parse with a matching check character', () => {
  for (const id of REAL) assert.equal(parseLicenseIdentifier(id).identifier, id, id);
  assert.deepEqual(parseLicenseIdentifier(REAL[0]!), {
    typeCode: '11100000000013338W032', issuerUscc: '11220000013544541J', serial: '2430599', version: 1,
    check: 'F', identifier: REAL[0], legacy: false,
  });
});

test('the identifier with a 6-digit division code as issuer is accepted but flagged as legacy', () => {
  const p = parseLicenseIdentifier(REAL[2]!);
  assert.equal(p.issuerUscc, '340100');
  assert.equal(p.legacy, true);
});

test('building the real identifiers from their parts reproduces them exactly', () => {
  for (const id of [REAL[0]!, REAL[1]!, REAL[3]!]) {
    const { typeCode, issuerUscc, serial, version } = parseLicenseIdentifier(id);
    assert.equal(licenseIdentifier({ typeCode, issuerUscc, serial, version }), id);
  }
});

test('the made-up documentation example fails the check and says which character was expected', () => {
  assert.throws(() => parseLicenseIdentifier(MADE_UP), (e: unknown) => isCode('bad_check')(e) && (e as LicenseIdentifierError).data['expected'] === 'D');
  assert.equal(isValidLicenseIdentifier(MADE_UP), false);
  assert.equal(mod3736CheckChar('11100000000013661B006113700000045046442209FA4E88F9E4C878F3E9BED2CE7EA49001'), 'D');
});

test('a single changed character in a real identifier is caught by the check character', () => {
  const altered = REAL[0]!.replace('2430599', '2430598');
  assert.throws(() => parseLicenseIdentifier(altered), isCode('bad_check'));
});

test('malformed identifiers are rejected as bad_format', () => {
  const bad = [
    '',
    '1.2.156.3005.1.11100000000013338W032.11220000013544541J.2430599.001.F', // wrong root
    '1.2.156.3005.2.11100000000013338W32.11220000013544541J.2430599.001.F', // 20-char type code
    '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430_599.001.F', // underscore in serial
    '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.01.F', // 2-digit version
    '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001', // no check
  ];
  for (const id of bad) assert.throws(() => parseLicenseIdentifier(id), isCode('bad_format'), id);
});

test('generation is strict: serial 6..32 of 0-9A-Z, version 1..999, 21-char type code', () => {
  const ok = { typeCode: '11100000000019713D001', issuerUscc: '11310000002418060A', serial: 'JZZ2026000001', version: 1 };
  const id = licenseIdentifier(ok);
  assert.match(id, /^1\.2\.156\.3005\.2\.11100000000019713D001\.11310000002418060A\.JZZ2026000001\.001\.[0-9A-Z]$/);
  assert.equal(parseLicenseIdentifier(id).legacy, false);
  assert.equal(parseLicenseIdentifier(licenseIdentifier({ ...ok, version: 999 })).version, 999);
  for (const patch of [{ serial: 'ABC12' }, { serial: 'a'.repeat(8) }, { serial: 'A'.repeat(33) }, { version: 0 }, { version: 1000 }, { version: 1.5 }, { typeCode: '11100000000019713D01' }, { issuerUscc: '340100' }]) {
    assert.throws(() => licenseIdentifier({ ...ok, ...patch }), isCode('bad_format'), JSON.stringify(patch));
  }
});

test('lower-case input and surrounding spaces are normalised before checking', () => {
  assert.equal(parseLicenseIdentifier(`  ${REAL[0]!.toLowerCase()} `).identifier, REAL[0]);
});

// The licence-type registry is checked here because its type codes exist to build identifiers.
test('every licence type the demo catalog outputs is registered, with a type code that builds a valid identifier', () => {
  const outputs = new Set<string>();
  const dir = fileURLToPath(new URL('../../../../catalog/items/', import.meta.url));
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    const item = parse(readFileSync(join(dir, f), 'utf8')) as { output?: { licenseType?: string } };
    if (item.output?.licenseType) outputs.add(item.output.licenseType);
  }
  const required = ['residence_permit', 'household_certificate', 'no_criminal_record_certificate', 'dog_registration', 'vehicle_deregistration_certificate', 'temporary_id_certificate'];
  for (const code of [...outputs, ...required]) assert.ok(licenseTypeByCode(code), `missing licence type ${code}`);
  assert.equal(new Set(LICENSE_TYPE_REGISTRY.map((t) => t.code)).size, LICENSE_TYPE_REGISTRY.length);
  assert.equal(new Set(LICENSE_TYPE_REGISTRY.map((t) => t.typeCode)).size, LICENSE_TYPE_REGISTRY.length);
  for (const t of LICENSE_TYPE_REGISTRY) {
    assert.match(t.typeCode, /^[0-9A-Z]{18}\d{3}$/, t.code);
    assert.equal(isValidUscc(t.typeCode.slice(0, 18)), true, `${t.code}: defining authority ${t.typeCode.slice(0, 18)}`);
    assert.ok(t.claims.length > 0 && new Set(t.claims).size === t.claims.length, t.code);
    const id = licenseIdentifier({ typeCode: t.typeCode, issuerUscc: '11310000002418060A', serial: 'SH2026000001', version: 1 });
    assert.equal(parseLicenseIdentifier(id).typeCode, t.typeCode);
  }
  assert.equal(licenseTypeByCode('residence_permit')!.typeCode.slice(0, 18), '11100000000019713D');
});

test('licence expiry ends on the corresponding day, or the month end when there is none; long-term types have none', () => {
  assert.equal(licenseExpiry(licenseTypeByCode('residence_permit')!, '2026-03-01'), '2027-03-01');
  assert.equal(licenseExpiry(licenseTypeByCode('temporary_id_certificate')!, '2026-01-31'), '2026-04-30');
  assert.equal(licenseExpiry(licenseTypeByCode('residence_permit')!, '2024-02-29'), '2025-02-28');
  assert.equal(licenseExpiry(licenseTypeByCode('vehicle_deregistration_certificate')!, '2026-03-01'), null);
});
