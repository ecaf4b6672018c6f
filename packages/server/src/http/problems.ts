/**
 * RFC 9457 problem responses. Domain errors carry a stable code; this is the one place that maps codes to
 * HTTP statuses. Every problem has a Chinese and an English message, and validation problems list every field.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorObject } from 'ajv';
import Type from 'typebox';
import { ajvProblems, ConflictError, DomainError, NotFoundError, ValidationError, type FieldProblem } from '@tongban/core';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    message: Type.Object({ zh: Type.String(), en: Type.String() }),
    instance: Type.Optional(Type.String()),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    errors: Type.Optional(Type.Array(Type.Object({
      in: Type.Optional(Type.String()),
      path: Type.String(),
      reason: Type.String(),
      message: Type.Object({ zh: Type.String(), en: Type.String() }),
    }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details, with messages in Chinese and English' },
);

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Content Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Content', 428: 'Precondition Required', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** Status of each domain error code; codes not listed fall back by their suffix. */
const STATUS_BY_CODE: Record<string, number> = {
  'catalog.not_found': 404,
  'catalog.version_not_found': 404,
  'catalog.draft_not_found': 404,
  'catalog.item_invalid': 422,
  'catalog.bundle_invalid': 422,
  'catalog.import_invalid': 422,
  'catalog.draft_exists': 409,
  'catalog.stale_revision': 409,
  'catalog.code_taken': 409,
  'catalog.immutable': 409,
  'catalog.code_mismatch': 422,
  'auth.unauthenticated': 401,
  'auth.forbidden': 403,
  'auth.idp_unavailable': 503,
  'identity.citizen_id_invalid': 400,
  'identity.uscc_invalid': 400,
  'person.not_found': 404,
  'org.not_found': 404,
  'application.no_person': 403,
  'application.not_a_person': 403,
  'http.precondition_required': 428,
  'datasources.not_granted': 403,
  'materials.item_not_found': 404,
  'materials.material_not_found': 404,
  'materials.not_found': 404,
  'materials.citizens_only': 403,
  'materials.upload_invalid': 422,
  'materials.too_large': 413,
  'materials.unsupported_type': 415,
  'materials.format_not_accepted': 415,
  'materials.multipart_required': 415,
  'materials.check_failed': 422,
  'materials.content_unavailable': 503,
  'rating.not_applicant': 403,
};

export function statusOf(code: string): number {
  if (STATUS_BY_CODE[code]) return STATUS_BY_CODE[code];
  if (code.endsWith('not_found')) return 404;
  if (code.endsWith('invalid')) return 422;
  return 400;
}

/** Sends a problem response. */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  message: { zh: string; en: string },
  errors?: (FieldProblem & { in?: string })[],
  data?: Record<string, unknown>,
): FastifyReply {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({
      type: `https://tongban.example/problems/${code.replace(/\./g, '/')}`,
      title: TITLES[status] ?? 'Error',
      status,
      detail: message.en,
      code,
      message,
      instance: reply.request.url,
      ...(errors?.length ? { errors } : {}),
      // machine-readable facts of the problem (e.g. the current state and the allowed actions of a 409)
      ...(data && Object.keys(data).length ? { data } : {}),
    });
}

const LOCATION_NAMES: Record<string, { zh: string; en: string }> = {
  querystring: { zh: '查询参数', en: 'query parameter' },
  params: { zh: '路径参数', en: 'path parameter' },
  headers: { zh: '请求头', en: 'header' },
  body: { zh: '请求体字段', en: 'body field' },
};

/** Installs the error and not-found handlers that answer with problems. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validationContext?: string }, req: FastifyRequest, reply: FastifyReply) => {
    if (err.validation) {
      const where = err.validationContext ?? 'body';
      const inName = where === 'querystring' ? 'query' : where === 'params' ? 'path' : where;
      const errors = ajvProblems(err.validation as unknown as ErrorObject[]).map((p) => ({ in: inName, ...p }));
      const names = [...new Set(errors.map((e) => e.path.replace(/^\//, '') || '(whole)'))].join(', ');
      const loc = LOCATION_NAMES[where] ?? LOCATION_NAMES.body!;
      return sendProblem(reply, where === 'body' ? 422 : 400, 'http.validation', {
        zh: `${loc.zh}有误：${names}。${errors.map((e) => `${e.path || '/'} ${e.message.zh}`).join('；')}`,
        en: `Invalid ${loc.en}: ${names}. ${errors.map((e) => `${e.path || '/'} ${e.message.en}`).join('; ')}`,
      }, errors);
    }
    if (err instanceof DomainError) {
      const status = STATUS_BY_CODE[err.code] ?? (err instanceof ConflictError ? 409 : err instanceof ValidationError ? 422 : err instanceof NotFoundError ? 404 : statusOf(err.code));
      if (status === 409 && Array.isArray(err.data.allowed)) reply.header('x-allowed-actions', (err.data.allowed as string[]).join(','));
      return sendProblem(reply, status, err.code, err.detail, err.problems, err.data);
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.statusCode === 415) {
      return sendProblem(reply, 415, 'http.unsupported_media_type', {
        zh: `不支持的内容类型 ${req.headers['content-type'] ?? ''}：请使用 application/json`,
        en: `Unsupported content type ${req.headers['content-type'] ?? ''}: send application/json`,
      });
    }
    if (err.statusCode === 429) {
      return sendProblem(reply, 429, 'http.rate_limited', {
        zh: `请求过于频繁，请 ${reply.getHeader('retry-after') ?? '稍'} 秒后再试`, en: `Too many requests; try again in ${reply.getHeader('retry-after') ?? 'a few'} seconds`,
      });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendProblem(reply, err.statusCode, 'http.bad_request', {
        zh: `请求无效：${err.message}`,
        en: `Bad request: ${err.message}`,
      });
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 500, 'server.error', {
      zh: '服务器内部错误，请稍后重试；如持续出现请联系管理员',
      en: 'Internal server error; try again later and contact the operator if it persists',
    });
  });
}

/** The problem for an unknown API route. */
export function routeNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, 404, 'http.route_not_found', {
    zh: `接口不存在：${req.method} ${req.url.split('?')[0]}`,
    en: `No such endpoint: ${req.method} ${req.url.split('?')[0]}`,
  });
}
