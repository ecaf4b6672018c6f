/**
 * Materials (申请材料): a signed-in citizen uploads a file for one material of an item; it is checked against that
 * material in the item version in force (type by content, formats, size, image, ID-photo and PDF checks), stored
 * content-addressed, and readable only by its uploader (officers handling the case come with the case issue).
 * Nothing is half-saved: the blob is stored only after every check has passed, and the row only after the blob.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import Type from 'typebox';
import { DomainError, NotFoundError, type FieldProblem, type ItemDefinition } from '@tongban/core';
import { applicationsRepo, catalogRepo, materialsRepo } from '@tongban/db';
import type { AppDeps } from '../../app.ts';
import { audit } from '../../audit/audit.service.ts';
import { requireSignedIn } from '../../http/auth.ts';
import { BlobIntegrityError, openBlobStore, type BlobStore } from '../../materials/blob-store.ts';
import { FORMAT_INFO, inspectUpload, MAX_MATERIAL_MB, MiB, rulesFor, tooLarge, type FileFormat, type MaterialRules } from '../../materials/checks.ts';
import { presentMaterialFile } from './materials.presenter.ts';
import { ITEM_CODE, MATERIAL_ID, MaterialFileId, MaterialFileView } from './materials.schema.ts';

const problem = Type.Ref('Problem');
/** Multipart cuts a file off here: slightly above the largest size limit a material may declare. */
export const UPLOAD_HARD_LIMIT = MAX_MATERIAL_MB * MiB + 64 * 1024;
const uploadLimit = { max: 60, timeWindow: '1 minute' };

type Problem = FieldProblem & { in: string };
const invalidUpload = (errors: Problem[]) => new DomainError('materials.upload_invalid', {
  zh: `上传请求有误：${errors.map((e) => e.message.zh).join('；')}`,
  en: `The upload is invalid: ${errors.map((e) => e.message.en).join('; ')}`,
}, {}, errors);

/** What the multipart body held. */
interface Upload {
  fields: Record<string, string>;
  file: { name: string; bytes: Buffer | null; size: number; cutOff: boolean } | null;
  /** the rules, when the fields came before the file (so the size limit applied while reading) */
  found: Found | null;
}
interface Found { rules: MaterialRules; version: number }

/** A file name fit to keep and show: the last path segment, no control characters, at most 200 characters. */
const cleanName = (name: string | undefined): string | null => {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return base || null;
};

export const materialsRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const { db, clock, config } = deps;
  openBlobStore(config.dataDir); // refuses to start on a BLOB_STORE that does not exist
  // DATA_DIR is read when a blob is first needed, not at registration: the test harness points it at a
  // temporary directory after the server has started
  const stores = new Map<string, BlobStore>();
  const store = (): BlobStore => {
    let s = stores.get(config.dataDir);
    if (!s) stores.set(config.dataDir, (s = openBlobStore(config.dataDir)));
    return s;
  };

  await app.register(multipart, {
    limits: { fileSize: UPLOAD_HARD_LIMIT, files: 1, fields: 4, fieldSize: 256, parts: 6, headerPairs: 50 },
    throwFileSizeLimit: false,
  });
  // any other body is left unread, so the handler can answer 415 saying multipart is needed
  app.addContentTypeParser('*', (_req, _payload, done) => done(null));

  /** The material of the item version in force, with the rules an upload for it is held to. */
  async function findMaterial(itemCode: string, materialId: string): Promise<Found> {
    const row = await catalogRepo.current(db, 'item', itemCode, clock.today());
    if (!row) throw new NotFoundError('materials.item_not_found', { zh: `事项“${itemCode}”（现行版本）`, en: `Item "${itemCode}" (a version in force)` }, { itemCode });
    const def = row.definition as unknown as ItemDefinition;
    const m = def.materials.find((x) => x.id === materialId);
    if (!m) {
      const ids = def.materials.map((x) => x.id).join(', ');
      throw new DomainError('materials.material_not_found', {
        zh: `事项“${def.name.zh}”没有材料“${materialId}”；它的材料有：${ids}`,
        en: `Item "${def.name.en}" has no material "${materialId}"; its materials are: ${ids}`,
      }, { itemCode, materialId });
    }
    return { rules: rulesFor(itemCode, m), version: row.version };
  }

  /** Reads the multipart body to its end; applies the material's size limit while reading when the fields came first. */
  async function readUpload(req: FastifyRequest): Promise<Upload> {
    const out: Upload = { fields: {}, file: null, found: null };
    let lookupError: unknown = null;
    try {
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          if (typeof part.value === 'string' && !(part.fieldname in out.fields)) out.fields[part.fieldname] = part.value;
          continue;
        }
        if (part.fieldname !== 'file' || out.file) {
          part.file.resume();
          continue;
        }
        const { itemCode, materialId } = out.fields;
        const named = itemCode !== undefined && materialId !== undefined;
        if (named && ITEM_CODE.test(itemCode) && MATERIAL_ID.test(materialId)) {
          out.found = await findMaterial(itemCode, materialId).catch((err: unknown) => { lookupError = err; return null; });
        }
        // fields that name no material: the upload fails whatever the file, so none of it is kept
        const limit = out.found ? out.found.rules.maxBytes : named ? -1 : UPLOAD_HARD_LIMIT;
        const chunks: Buffer[] = [];
        let size = 0;
        let over = false;
        // read to the end even when over the limit: the answer goes out once the request is read
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (!over && size > limit) {
            over = true;
            chunks.length = 0;
          }
          if (!over) chunks.push(chunk);
        }
        const cutOff = part.file.truncated;
        out.file = { name: part.filename, bytes: over || cutOff ? null : Buffer.concat(chunks), size, cutOff };
      }
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
        throw invalidUpload([{ in: 'body', path: '', reason: 'too_many_parts', message: {
          zh: '一次只能上传一个文件（字段 file），另加字段 itemCode 和 materialId', en: 'Send one file (field file) with the fields itemCode and materialId, nothing more',
        } }]);
      }
      throw err;
    }
    if (lookupError) throw lookupError;
    return out;
  }

  /**
   * POST /api/v1/materials — uploads a file for a material of an item (multipart: `itemCode`, `materialId`, then `file`).
   * Signed-in citizens only.
   * @returns 201 the stored file with every check's result
   * @returns 401 when not signed in; 403 when not signed in as a citizen
   * @returns 404 when the item has no version in force or no such material
   * @returns 413 when the file is over the material's size limit (named)
   * @returns 415 when the content is not one of the material's formats (named), or the body is not multipart
   * @returns 422 when a field is missing or bad, or an image, ID-photo or PDF check failed (each in `errors[]`)
   */
  app.post('/api/v1/materials', {
    config: { rateLimit: uploadLimit },
    schema: {
      tags: ['materials'], summary: 'Upload a material file',
      description: 'multipart/form-data with the fields itemCode and materialId, then the part file (send the fields first: '
        + 'the size limit then applies while the file is read). The type is judged by content; the checks are those of the '
        + 'material in the item version in force.',
      consumes: ['multipart/form-data'],
      response: { 201: MaterialFileView, 401: problem, 403: problem, 404: problem, 413: problem, 415: problem, 422: problem, 429: problem },
    },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    const p = who.principal;
    if (p.kind === 'service') {
      throw new DomainError('materials.citizens_only', {
        zh: '只有申请人（或为其窗口代办的工作人员）才能上传申请材料', en: 'Only applicants (or the window officer filing for them) can upload materials',
      });
    }
    if (!req.isMultipart()) {
      throw new DomainError('materials.multipart_required', {
        zh: `请以 multipart/form-data 上传（字段 itemCode、materialId 和文件 file），收到的是 ${req.headers['content-type'] ?? '无内容类型'}`,
        en: `Upload as multipart/form-data (fields itemCode, materialId and the file part file); got ${req.headers['content-type'] ?? 'no content type'}`,
      });
    }

    const upload = await readUpload(req);
    const { itemCode, materialId, applicationId } = upload.fields;
    // 一窗通办: a window officer scans the materials of a counter application they filed; the file is the applicant's
    let owner = p.kind === 'citizen' ? p.id : null;
    if (p.kind === 'officer') {
      const counter = applicationId ? await applicationsRepo.get(db, applicationId) : null;
      if (!counter || counter.filedBy !== (p.officerId ?? p.id) || counter.status !== 'draft') {
        throw new DomainError('materials.citizens_only', {
          zh: '工作人员只能为自己窗口代办、尚未提交的申请上传材料（字段 applicationId）', en: 'An officer uploads only for a counter application they filed and have not submitted (field applicationId)',
        });
      }
      owner = counter.applicantId;
    }
    const errors: Problem[] = [];
    const field = (name: string, value: string | undefined, pattern: RegExp, what: { zh: string; en: string }) => {
      if (!value) errors.push({ in: 'body', path: `/${name}`, reason: 'required', message: { zh: `缺少字段 ${name}（${what.zh}）`, en: `The field ${name} (${what.en}) is missing` } });
      else if (!pattern.test(value)) errors.push({ in: 'body', path: `/${name}`, reason: 'pattern', message: { zh: `字段 ${name} 不是有效的${what.zh}`, en: `The field ${name} is not a valid ${what.en}` } });
    };
    field('itemCode', itemCode, ITEM_CODE, { zh: '事项编码，如 HZ-JZZ-BL', en: 'item code, e.g. HZ-JZZ-BL' });
    field('materialId', materialId, MATERIAL_ID, { zh: '材料标识，如 photo', en: 'material id, e.g. photo' });
    if (!upload.file) errors.push({ in: 'body', path: '/file', reason: 'required', message: { zh: '缺少文件（字段 file）', en: 'The file (part file) is missing' } });
    else if (upload.file.size === 0) errors.push({ in: 'body', path: '/file', reason: 'empty', message: { zh: '文件是空的', en: 'The file is empty' } });
    if (errors.length) throw invalidUpload(errors);

    const { rules, version } = upload.found ?? await findMaterial(itemCode!, materialId!);
    const file = upload.file!;
    if (file.cutOff) throw tooLarge(rules);
    if (!file.bytes || file.size > rules.maxBytes) throw tooLarge(rules, file.size);
    const inspection = await inspectUpload(file.bytes, rules);

    // the blob first, then the row: a row never points at missing content. Should the row fail, the blob stays
    // unreferenced (content-addressed, harmless; another upload of it would reuse it)
    const blob = await store().put(file.bytes);
    const id = `mf_${randomBytes(12).toString('hex')}`;
    const row = await db.transaction(async (tx) => {
      const r = await materialsRepo.insert(tx, {
        id, sha256: blob.sha256, size: blob.size, mediaType: inspection.mediaType, fileName: cleanName(file.name),
        width: inspection.width ?? null, height: inspection.height ?? null, pages: inspection.pages ?? null, checks: inspection.checks,
        uploadedBy: owner!, actingFor: p.actingFor?.uscc ?? null, itemCode: rules.itemCode, itemVersion: version, materialId: rules.materialId,
      });
      await audit(tx, {
        actor: p.kind === 'officer' ? `officer:${p.officerId ?? p.id}` : `citizen:${p.id}`, actorRole: p.kind === 'officer' ? 'window_officer' : 'applicant',
        action: 'material.upload', subjectType: 'material_file', subjectId: id, subjectPerson: owner,
        detail: { sha256: blob.sha256, size: blob.size, mediaType: inspection.mediaType, itemCode: rules.itemCode, version, materialId: rules.materialId,
          actingFor: p.actingFor?.uscc ?? null, blobExisted: blob.existed },
      });
      return r;
    });
    return reply.status(201).header('location', `/api/v1/materials/${id}`).send(presentMaterialFile(row) as never);
  });

  /** The file if the caller uploaded it; a 404 otherwise, so nobody learns that someone else's file exists. */
  async function ownFile(req: FastifyRequest, id: string) {
    const p = req.auth!.principal;
    const row = p.kind === 'service' ? null : await materialsRepo.ownedBy(db, id, p.id);
    if (!row) throw new NotFoundError('materials.not_found', { zh: `材料文件 ${id}`, en: `Material file ${id}` }, { id });
    return row;
  }

  /**
   * GET /api/v1/materials/{id} — a file's metadata and check results. Only its uploader.
   * @returns 200 the file; 401 when not signed in; 404 when it does not exist or someone else uploaded it
   */
  app.get('/api/v1/materials/:id', {
    schema: { tags: ['materials'], summary: 'Read a material file\'s metadata', params: MaterialFileId, response: { 200: MaterialFileView, 400: problem, 401: problem, 404: problem } },
  }, async (req, reply) => {
    if (!requireSignedIn(req, reply)) return reply;
    return presentMaterialFile(await ownFile(req, req.params.id)) as never;
  });

  /**
   * GET /api/v1/materials/{id}/content — the file's bytes, with its media type. Only its uploader.
   * @returns 200 the content; 401 when not signed in; 404 when it does not exist or someone else uploaded it
   */
  app.get('/api/v1/materials/:id/content', {
    schema: { tags: ['materials'], summary: 'Download a material file', params: MaterialFileId, response: { 400: problem, 401: problem, 404: problem } },
  }, async (req, reply) => {
    if (!requireSignedIn(req, reply)) return reply;
    const row = await ownFile(req, req.params.id);
    let bytes: Buffer | null;
    try {
      bytes = await store().get(row.sha256);
    } catch (err) {
      if (!(err instanceof BlobIntegrityError)) throw err;
      bytes = null;
    }
    if (!bytes) {
      req.log.error({ id: row.id, sha256: row.sha256 }, 'material content is missing or corrupt in the blob store');
      throw new DomainError('materials.content_unavailable', {
        zh: '文件内容暂时无法读取，请稍后重试；如持续出现请联系管理员', en: 'The file content cannot be read right now; try again later and contact the operator if it persists',
      });
    }
    const format = (Object.keys(FORMAT_INFO) as FileFormat[]).find((f) => FORMAT_INFO[f].mediaType === row.mediaType);
    const name = row.fileName ?? `${row.id}.${format ?? 'bin'}`;
    // only content-checked types are ever stored, none of them active content: images and PDFs may show inline
    const inline = row.mediaType.startsWith('image/') || row.mediaType === 'application/pdf';
    return reply
      .header('content-type', row.mediaType)
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('etag', `"${row.sha256}"`)
      .send(bytes);
  });
};
