/**
 * A minimal cookie-keeping HTTP client that walks the OpenID Connect redirect flow the way a browser would:
 * platform → identity provider → sign-in page → consent → back to the platform. For API tests of sign-in.
 */
export class CookieClient {
  readonly jar = new Map<string, string>();
  constructor(readonly base: string) {}

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request without following redirects. */
  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
    const full = new URL(url, this.base).href;
    const headers: Record<string, string> = { cookie: this.cookieHeader(), ...init.headers };
    let body: string | undefined;
    if (init.form) { body = new URLSearchParams(init.form).toString(); headers['content-type'] = 'application/x-www-form-urlencoded'; }
    if (init.json !== undefined) { body = JSON.stringify(init.json); headers['content-type'] = 'application/json'; }
    const res = await fetch(full, { method: init.method ?? (body ? 'POST' : 'GET'), headers, redirect: 'manual', ...(body !== undefined ? { body } : {}) });
    this.remember(res);
    return res;
  }

  /** Follows redirects from `url` until a response is not a redirect or `stop` says so; returns the last response and its URL. */
  async follow(url: string, stop?: (next: string) => boolean, init?: Parameters<CookieClient['request']>[1]): Promise<{ res: Response; url: string }> {
    let current = new URL(url, this.base).href;
    let res = await this.request(current, init);
    for (let i = 0; i < 15 && res.status >= 300 && res.status < 400; i++) {
      const next = new URL(res.headers.get('location')!, current).href;
      if (stop?.(next)) return { res, url: next };
      current = next;
      res = await this.request(current);
    }
    return { res, url: current };
  }
}

/** Signs in through /auth/login as a demo user; returns the client holding the session cookie. */
export async function signInThroughIdp(base: string, username: string, opts: { password?: string; as?: 'citizen' | 'officer' } = {}): Promise<{ client: CookieClient; final: Response; finalUrl: string }> {
  const client = new CookieClient(base);
  const { res: page, url: loginUrl } = await client.follow(`/auth/login?returnTo=/me${opts.as ? `&as=${opts.as}` : ''}`);
  if (page.status !== 200 || !loginUrl.includes('/idp-login/')) throw new Error(`expected the sign-in page, got ${page.status} at ${loginUrl}`);
  const { res: final, url: finalUrl } = await client.follow(loginUrl, undefined, { form: { username, password: opts.password ?? 'demo' } });
  return { client, final, finalUrl };
}
