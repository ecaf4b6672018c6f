/**
 * The wire protocol of the outside sources served over HTTP (social insurance, lease filings): what the platform's
 * adapter sends and what the local service (or a real gateway implementing the same contract) answers.
 *
 * A person is named by a keyed token, HMAC-SHA256(shared key, "subject" ‖ citizen ID), never by the ID number itself:
 * it appears in no URL, log or body, and the token means nothing to anyone without the key. The platform
 * authenticates with a bearer token derived from the same key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The outside sources and the path each one answers on (POST). */
export const HTTP_SOURCE_PATHS = { socialInsurance: '/v1/social-insurance/query', lease: '/v1/lease-filings/query' } as const;
export type HttpSourceName = keyof typeof HTTP_SOURCE_PATHS;

/** The fields each outside source serves (a request for another field is a 400). */
export const HTTP_SOURCE_FIELDS: Record<HttpSourceName, readonly string[]> = {
  socialInsurance: ['months', 'employer'],
  lease: ['address', 'district', 'startDate', 'endDate', 'filed'],
};

/** Body of a query. */
export interface HttpSourceQuery {
  /** subjectToken() of the person */
  subject: string;
  /** the fields wanted (data minimisation: only these are answered) */
  fields: string[];
}

/** Answer to a query: the person's record restricted to the fields asked, or null when the source has none. */
export interface HttpSourceAnswer {
  record: Record<string, unknown> | null;
  /** the day the record describes (YYYY-MM-DD) */
  asOf: string;
}

/** Test hooks: make a source hang (`timeout`) or fail (`error`); header `x-simulate` in test mode. */
export type SimulatedFailure = 'timeout' | 'error';

/** The keyed token that names a person to the outside sources. */
export function subjectToken(key: Buffer, citizenId: string): string {
  return createHmac('sha256', key).update(`subject\u0000${citizenId.trim().toUpperCase()}`).digest('base64url');
}

/** The bearer token the platform authenticates with. */
export function clientToken(key: Buffer): string {
  return createHmac('sha256', key).update('client\u0000tongban').digest('base64url');
}

/** Compares a presented bearer token with the expected one in constant time. */
export function isClientToken(key: Buffer, presented: string | undefined): boolean {
  const expected = Buffer.from(clientToken(key));
  const got = Buffer.from(presented ?? '');
  return got.length === expected.length && timingSafeEqual(got, expected);
}
