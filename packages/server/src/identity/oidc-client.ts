/**
 * The platform as an OpenID Connect relying party (openid-client): the authorisation-code flow with PKCE, state
 * and nonce, against the configured issuer (the built-in provider by default). The claim mapping turns the ID
 * token into a person: `OIDC_CLAIM_CITIZEN_ID` and `OIDC_CLAIM_NAME` name the claims of an external issuer.
 */
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DomainError } from '@tongban/core';
import type { Config } from '../config.ts';

/** The issuer to use: the configured one or the built-in provider under the public URL. */
export const issuerOf = (config: Config): string => config.oidcIssuer ?? `${config.publicUrl}/idp`;

export class OidcRelyingParty {
  private configuration: Promise<client.Configuration> | null = null;
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  constructor(private readonly config: Config) {}

  private conf(): Promise<client.Configuration> {
    this.configuration ??= client.discovery(new URL(issuerOf(this.config)), this.config.oidcClientId, this.config.oidcClientSecret, undefined, {
      execute: issuerOf(this.config).startsWith('http://') ? [client.allowInsecureRequests] : [],
    }).catch((err: unknown) => {
      this.configuration = null;
      throw new DomainError('auth.idp_unavailable', {
        zh: `统一身份认证服务不可用：${(err as Error).message}`, en: `The identity provider is unavailable: ${(err as Error).message}`,
      });
    });
    return this.configuration;
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}/auth/callback`;
  }

  /** Starts a sign-in: the URL to send the browser to, and the values to keep until the callback. */
  async start(): Promise<{ url: string; verifier: string; state: string; nonce: string }> {
    const conf = await this.conf();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(conf, {
      redirect_uri: this.redirectUri, scope: 'openid profile', state, nonce,
      code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    return { url: url.href, verifier, state, nonce };
  }

  /** Finishes a sign-in: exchanges the code, checks state, nonce and the ID token, returns the mapped claims. */
  async finish(currentUrl: URL, kept: { verifier: string; state: string; nonce: string }): Promise<{ subject: string; citizenId: string; name: string }> {
    const conf = await this.conf();
    const tokens = await client.authorizationCodeGrant(conf, currentUrl, { pkceCodeVerifier: kept.verifier, expectedState: kept.state, expectedNonce: kept.nonce });
    const claims = tokens.claims();
    if (!claims) throw new DomainError('auth.no_id_token', { zh: '身份提供方未返回 ID 令牌', en: 'The identity provider returned no ID token' });
    return this.map(claims as Record<string, unknown>);
  }

  /** Verifies an ID token presented by an API client (signature against the issuer's keys, issuer, audience, expiry). */
  async verifyIdToken(idToken: string): Promise<{ subject: string; citizenId: string; name: string }> {
    const conf = await this.conf();
    const meta = conf.serverMetadata();
    this.jwks ??= createRemoteJWKSet(new URL(meta.jwks_uri!));
    try {
      const { payload } = await jwtVerify(idToken, this.jwks, { issuer: meta.issuer, audience: this.config.oidcClientId });
      return this.map(payload as Record<string, unknown>);
    } catch (err) {
      if (err instanceof DomainError) throw err;
      throw new DomainError('auth.id_token_invalid', {
        zh: 'ID 令牌无效（签名、签发方、受众或有效期不正确）', en: 'The ID token is invalid (signature, issuer, audience or expiry)',
      });
    }
  }

  private map(claims: Record<string, unknown>): { subject: string; citizenId: string; name: string } {
    const citizenId = claims[this.config.oidcClaimCitizenId];
    const name = claims[this.config.oidcClaimName];
    if (typeof claims.sub !== 'string' || typeof citizenId !== 'string') {
      throw new DomainError('auth.claims_missing', {
        zh: `身份令牌缺少必要声明（${this.config.oidcClaimCitizenId}）`, en: `The identity token lacks the required claim ${this.config.oidcClaimCitizenId}`,
      });
    }
    return { subject: claims.sub, citizenId, name: typeof name === 'string' ? name : '' };
  }
}
