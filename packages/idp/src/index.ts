/**
 * The built-in development identity provider: a real OpenID Connect provider (oidc-provider) with a small
 * account store of demo people and a sign-in page. It stands in for the bureau's unified identity service
 * (统一身份认证) when none is configured; production points the platform at an external issuer instead.
 * State is in memory: one process, for trying out and tests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateKeyPair, exportJWK } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** A person who can sign in, with the claims the provider releases about them. */
export interface IdpAccount {
  sub: string;
  username: string;
  password: string;
  /** shown on the sign-in page's list of demo accounts */
  label: string;
  claims: { name: string; citizen_id: string; phone_number?: string; [k: string]: unknown };
}

/** Throttling of failed sign-ins, kept by the host (in its database) so it survives restarts. */
export interface SigninThrottle {
  /** seconds to wait before trying again, or 0 */
  retryAfter(key: string): Promise<number>;
  failed(key: string): Promise<void>;
  succeeded(key: string): Promise<void>;
}

export interface DevIdpOptions {
  issuer: string;
  /** path prefix the provider is mounted at, e.g. /idp */
  mountPath: string;
  /** path prefix of the sign-in pages, e.g. /idp-login */
  loginPath: string;
  clients: { client_id: string; client_secret: string; redirect_uris: string[]; post_logout_redirect_uris?: string[] }[];
  accounts: IdpAccount[];
  throttle: SigninThrottle;
  cookieKeys: string[];
}

export interface DevIdp {
  provider: Provider;
  /** handles a request under mountPath (the prefix is stripped here) */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** handles GET/POST of the sign-in page at loginPath/:uid; `form` is the parsed POST body */
  login(req: IncomingMessage, res: ServerResponse, uid: string, form: Record<string, string> | null, ip: string): Promise<void>;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(opts: { action: string; accounts: IdpAccount[]; error?: string; username?: string }): string {
  const demo = opts.accounts.map((a) => `
      <li><button type="submit" name="demo" value="${esc(a.username)}" class="demo">${esc(a.label)}</button></li>`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>统一身份认证 · 登录 Sign in</title>
<style>
 body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f3f5f8;color:#1f2329;font-size:16px}
 main{max-width:34rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
 h1{font-size:1.4rem;margin:0 0 .25rem} p.sub{margin:0 0 1.25rem;color:#3d4450}
 label{display:block;font-weight:600;margin:.75rem 0 .25rem}
 input{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem;border:1px solid #6b7280;border-radius:4px}
 button{font-size:1rem;padding:.6rem 1rem;border-radius:4px;border:1px solid #0b57d0;cursor:pointer}
 button.primary{background:#0b57d0;color:#fff;margin-top:1rem;width:100%}
 button.demo{background:#fff;color:#0b3d91;width:100%;text-align:left;margin:.2rem 0}
 :focus-visible{outline:3px solid #b45309;outline-offset:2px}
 .error{background:#fdecea;border:1px solid #b3261e;color:#8c1d18;padding:.6rem;border-radius:4px}
 ul{list-style:none;padding:0;margin:0} h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
</style></head>
<body><main>
<h1>统一身份认证 <span lang="en">Unified identity</span></h1>
<p class="sub">开发用身份提供方：演示账号的密码均为 demo。<span lang="en">Development identity provider: every demo account's password is "demo".</span></p>
${opts.error ? `<p class="error" role="alert">${esc(opts.error)}</p>` : ''}
<form method="post" action="${esc(opts.action)}">
 <label for="username">身份证号或用户名 <span lang="en">ID number or user name</span></label>
 <input id="username" name="username" autocomplete="username" value="${esc(opts.username ?? '')}">
 <label for="password">密码 <span lang="en">Password</span></label>
 <input id="password" name="password" type="password" autocomplete="current-password">
 <button type="submit" class="primary" data-testid="idp-submit">登录 <span lang="en">Sign in</span></button>
</form>
<h2>演示账号 <span lang="en">Demo accounts</span></h2>
<form method="post" action="${esc(opts.action)}"><input type="hidden" name="password" value="demo"><ul>${demo}
</ul></form>
</main></body></html>`;
}

/** Creates the provider. Its signing keys are generated at start (development only). */
export async function createDevIdp(opts: DevIdpOptions): Promise<DevIdp> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'dev-rs256', alg: 'RS256', use: 'sig' };
  const bySub = new Map(opts.accounts.map((a) => [a.sub, a]));

  const configuration: Configuration = {
    clients: opts.clients.map((c) => ({ ...c, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' })),
    jwks: { keys: [jwk as never] },
    cookies: { keys: opts.cookieKeys },
    claims: { openid: ['sub'], profile: ['name', 'citizen_id', 'phone_number'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    ttl: { Session: 8 * 3600, Grant: 8 * 3600, IdToken: 600, AccessToken: 600, AuthorizationCode: 120, Interaction: 600 },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `${opts.loginPath}/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const a = bySub.get(sub);
      if (!a) return undefined;
      return { accountId: sub, claims: () => ({ sub, ...a.claims }) };
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>登录出错 Sign-in error</title></head><body><main><h1>登录出错 Sign-in error</h1><p>${esc(String(out.error_description ?? out.error))}</p></main></body></html>`;
    },
  };
  const provider = new Provider(opts.issuer, configuration);
  provider.proxy = true;
  const callback = provider.callback();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    // as Express would when mounting: the provider derives its endpoint URLs from originalUrl
    (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
    req.url = (req.url ?? '/').slice(opts.mountPath.length) || '/';
    callback(req, res);
  };

  const login = async (req: IncomingMessage, res: ServerResponse, uid: string, form: Record<string, string> | null, ip: string) => {
    const action = `${opts.loginPath}/${uid}`;
    const send = (status: number, html: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
      res.end(html);
    };
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return send(400, page({ action, accounts: opts.accounts, error: '登录会话已失效，请返回应用重新登录。The sign-in session expired; go back to the application and sign in again.' }));
    }
    if (details.uid !== uid) return send(400, page({ action, accounts: opts.accounts, error: '登录会话不匹配。The sign-in session does not match.' }));

    if (details.prompt.name === 'consent') {
      // first-party client: consent is implied, the grant covers what it asked for
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
      grant!.addOIDCScope(String(details.params.scope ?? 'openid'));
      grant!.addOIDCClaims(['name', 'citizen_id', 'phone_number']);
      const grantId = await grant!.save();
      return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    }
    if (!form) return send(200, page({ action, accounts: opts.accounts }));

    const username = (form.demo ?? form.username ?? '').trim();
    const throttleKey = `idp:${username.toUpperCase() || ip}`;
    const wait = await opts.throttle.retryAfter(throttleKey);
    if (wait > 0) {
      return send(429, page({ action, accounts: opts.accounts, username, error: `登录失败次数过多，请 ${wait} 秒后再试。Too many failed sign-ins; try again in ${wait} seconds.` }), { 'retry-after': String(wait) });
    }
    const account = opts.accounts.find((a) => a.username === username || a.claims.citizen_id === username.toUpperCase());
    if (!account || form.password !== account.password) {
      await opts.throttle.failed(throttleKey);
      return send(401, page({ action, accounts: opts.accounts, username, error: '账号或密码不正确。The user name or password is wrong.' }));
    }
    await opts.throttle.succeeded(throttleKey);
    return provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
  };

  return { provider, handle, login };
}
