/**
 * Reading an SD-JWT VC on the client (`<issuer-jwt>~<disclosure>~…~[kb-jwt]`), for showing it — never for trusting
 * it: the issuer JWT's payload holds the plain claims (licenceId, licenseName, issuerName, issuedOn, expiresOn) and
 * each disclosure is base64url JSON `[salt, name, value]`. Verification is the server's (POST /licenses/verify).
 */

/** What a credential says: its plain claims and its personal claims (from the disclosures), in disclosure order. */
export interface DecodedCredential {
  plain: Record<string, unknown>;
  claims: { name: string; value: unknown }[];
}

/** base64url → UTF-8 text; throws on bad input. */
function fromBase64Url(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const bin = atob(padded);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Decodes a credential or presentation; null when it is not an SD-JWT. */
export function decodeCredential(sdJwt: string): DecodedCredential | null {
  try {
    const [jwt, ...rest] = sdJwt.trim().split('~');
    const payloadPart = jwt?.split('.')[1];
    if (!payloadPart) return null;
    const payload: unknown = JSON.parse(fromBase64Url(payloadPart));
    if (!isRecord(payload)) return null;
    const claims: DecodedCredential['claims'] = [];
    // the last part is the key-binding JWT (or empty); disclosures are the parts between
    for (const d of rest) {
      if (!d || d.includes('.')) continue;
      const arr: unknown = JSON.parse(fromBase64Url(d));
      if (Array.isArray(arr) && arr.length === 3 && typeof arr[1] === 'string') claims.push({ name: arr[1], value: arr[2] });
    }
    return { plain: payload, claims };
  } catch {
    return null;
  }
}

/** `3101**********0019`: the first and last four characters of an ID number. */
export function maskId(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/** Claims holding an identity-document number, masked on the face until the holder asks to see them. */
export const MASKED_CLAIMS: ReadonlySet<string> = new Set(['citizenId', 'tenantCitizenId', 'deceasedCitizenId']);
