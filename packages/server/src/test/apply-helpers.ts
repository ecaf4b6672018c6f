/** Test helpers that file complete applications through the HTTP API, the way the apply journey does. */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { TestServer } from './harness.ts';

/** A passport-style photo: light background, a darker face-sized shape in the middle. */
export async function idPhoto(): Promise<Buffer> {
  const face = await sharp({ create: { width: 220, height: 300, channels: 3, background: { r: 150, g: 110, b: 90 } } }).png().toBuffer();
  return sharp({ create: { width: 413, height: 531, channels: 3, background: { r: 250, g: 250, b: 250 } } })
    .composite([{ input: face, left: 96, top: 120 }]).jpeg({ quality: 90 }).toBuffer();
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Uploads a material file; returns its id. */
export async function upload(s: Pick<TestServer, 'url'>, token: string, itemCode: string, materialId: string, bytes: Buffer, name = 'photo.jpg', type = 'image/jpeg'): Promise<string> {
  const form = new FormData();
  form.set('itemCode', itemCode);
  form.set('materialId', materialId);
  form.set('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${s.url}/api/v1/materials`, { method: 'POST', headers: bearer(token), body: form });
  const body = await res.json() as { id: string };
  if (res.status !== 201) throw new Error(`upload ${materialId}: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** A value for a required form field the records did not fill. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON Schema fragments
export function sampleValue(name: string, p: any): unknown {
  if (p.enum) return p.enum[0];
  if (p.format === 'date') return '2026-11-20';
  if (p.format === 'date-time') return '2026-11-20T08:30:00+08:00';
  if (/CitizenId$/.test(name)) return '310115196001150036';
  if (p.type === 'boolean') return true;
  if (p.type === 'integer' || p.type === 'number') return 1;
  if (p.pattern === '^1[3-9][0-9]{9}$') return '13800001111';
  return '上海市浦东新区世纪大道88号';
}

/**
 * Starts, completes and submits an application: answers, the form fields the records did not fill (with `form`
 * overrides), and materials (uploads for photos, deferrals and commitments where allowed, `materials` overrides).
 */
export async function fileApplication(s: TestServer, token: string, target: { itemCode?: string; bundleCode?: string }, opts: {
  answers?: Record<string, unknown>; form?: Record<string, unknown>; materials?: Record<string, unknown>; submit?: boolean;
} = {}): Promise<{ applicationId: string; receiptNo: string; caseId: string }> {
  const h = bearer(token);
  const start = await s.api('/api/v1/applications', { method: 'POST', headers: h, body: target });
  if (start.status !== 201) throw new Error(`start: ${start.status} ${start.text}`);
  const id = start.body.id as string;
  let view = start.body;
  if (opts.answers) {
    const r = await s.api(`/api/v1/applications/${id}`, { method: 'PATCH', headers: h, body: { revision: view.revision, answers: opts.answers } });
    if (r.status !== 200) throw new Error(`answers: ${r.status} ${r.text}`);
    view = r.body;
  }
  const props = view.form.schema.properties as Record<string, unknown>;
  const fill: Record<string, unknown> = {};
  for (const name of (view.form.schema.required ?? []) as string[]) {
    if (view.form.values[name] === undefined) fill[name] = sampleValue(name, props[name]);
  }
  Object.assign(fill, opts.form ?? {});
  const materials: Record<string, unknown> = {};
  for (const m of view.materials) {
    if (m.state || m.necessity === 'optional' || m.exemptBySource) continue;
    if (m.necessity === 'deferrable') materials[m.id] = { kind: 'deferred', deadline: '2026-12-31' };
    else if (m.necessity === 'commitment') materials[m.id] = { kind: 'commitment', signedAt: new Date().toISOString(), text: m.commitmentText.zh };
    else if (m.formats.includes('jpg')) {
      const code = target.itemCode ?? (m.id as string).split('.').slice(0, -1).join('.');
      materials[m.id] = { kind: 'upload', fileId: await upload(s, token, code, (m.id as string).split('.').pop()!, await idPhoto()) };
    }
  }
  Object.assign(materials, opts.materials ?? {});
  const saved = await s.api(`/api/v1/applications/${id}`, { method: 'PATCH', headers: h, body: { revision: view.revision, form: fill, materials } });
  if (saved.status !== 200) throw new Error(`save: ${saved.status} ${saved.text}`);
  if (saved.body.checklist.length) throw new Error(`not ready: ${JSON.stringify(saved.body.checklist)}`);
  if (opts.submit === false) return { applicationId: id, receiptNo: '', caseId: '' };
  const sub = await s.api(`/api/v1/applications/${id}/submit`, { method: 'POST', headers: { ...h, 'idempotency-key': randomUUID() } });
  if (sub.status !== 201) throw new Error(`submit: ${sub.status} ${sub.text}`);
  return { applicationId: id, receiptNo: sub.body.receiptNo, caseId: sub.body.caseId };
}
