// docs/api/openapi.yaml as a checker of real answers: which operations the spec documents, and
// whether one answer of the server is what its operation documents (status, media type, JSON schema,
// response headers). Used by openapi_conformance.test.mjs.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const SPEC_PATH = new URL('../../docs/api/openapi.yaml', import.meta.url);

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// Headers an operation documents that are sent only in some cases, so their absence is no fault; a
// request of the table that is such a case names them in `expect.headers` and then needs them.
export const CONDITIONAL_HEADERS = {
  'www-authenticate': 'only when an access token is refused (not for a missing or wrong API key)',
  'idempotent-replayed': 'only on a replayed answer (the same Idempotency-Key and body)',
};

// A media type's essence and parameters, lower-cased ("application/json; charset=utf-8").
function parseMediaType(text) {
  const [essence, ...params] = String(text).split(';').map((p) => p.trim());
  const parameters = {};
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq > 0) parameters[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return { essence: essence.toLowerCase(), parameters };
}

// The documented media type an answer's Content-Type is: same essence, and every parameter the
// document names with the same value (the server may add others, e.g. a charset).
function matchMediaType(documented, contentType) {
  const got = parseMediaType(contentType);
  return documented.find((key) => {
    const want = parseMediaType(key);
    return want.essence === got.essence && Object.entries(want.parameters).every(([k, v]) => got.parameters[k] === v);
  });
}

const isJson = (mediaType) => /^application\/([a-z0-9.+-]+\+)?json$/.test(parseMediaType(mediaType).essence);

export function loadContract(path = SPEC_PATH) {
  const spec = parse(readFileSync(path, 'utf8'));

  // A JSON pointer into the spec ("#/components/responses/BadRequest").
  const pointer = (ref) => {
    if (!ref.startsWith('#/')) throw new Error(`only local $ref are supported: ${ref}`);
    return ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((node, key) => {
        if (node?.[key] === undefined) throw new Error(`unresolved $ref ${ref}`);
        return node[key];
      }, spec);
  };
  // A Reference Object followed to its target; OpenAPI 3.1 lets `description`/`summary` sit beside
  // `$ref` and override the target's, which changes nothing that is checked here.
  const deref = (node) => {
    let seen = 0;
    while (node && typeof node === 'object' && typeof node.$ref === 'string') {
      if (++seen > 20) throw new Error('$ref cycle');
      const { $ref, ...siblings } = node;
      node = { ...pointer($ref), ...siblings };
    }
    return node;
  };

  // JSON Schema 2020-12 (OpenAPI 3.1's dialect). Strict mode stays on (an unknown keyword or format
  // is an error, not ignored): the only keyword it does not know is OpenAPI's own `example`
  // annotation, and the only format OpenAPI's `int64`. Its `strictTypes` lint is off: the spec puts
  // `required` or `minimum` beside an `allOf` that gives the type, which is valid JSON Schema and
  // validated the same either way.
  const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'example', schemaType: ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'] });
  ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) && Math.abs(n) <= 2 ** 63 });
  // The component schemas as one document, `#/components/schemas/X` becoming `openapi#/$defs/X`.
  const rewriteRefs = (node) => {
    if (Array.isArray(node)) return node.map(rewriteRefs);
    if (!node || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')
        ? `openapi#/$defs/${v.slice('#/components/schemas/'.length)}`
        : rewriteRefs(v);
    }
    return out;
  };
  ajv.addSchema({ $id: 'openapi', $defs: rewriteRefs(spec.components?.schemas ?? {}) });
  const compiled = new Map();
  const validator = (schema) => {
    const key = JSON.stringify(schema);
    if (!compiled.has(key)) compiled.set(key, ajv.compile(rewriteRefs(schema)));
    return compiled.get(key);
  };
  const schemaErrors = (schema, value) => {
    const validate = validator(schema);
    return validate(value) ? [] : validate.errors.map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
  };

  // Every documented operation, as "METHOD /path/{template}", in the spec's order.
  const operations = [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) operations.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, op: item[method] });
    }
  }
  const byKey = new Map(operations.map((o) => [o.key, o]));
  const operation = (key) => {
    const o = byKey.get(key);
    if (!o) throw new Error(`${key} is not an operation of ${path}`);
    return o;
  };

  // Whether a concrete request path (no query) fits the operation's path template.
  const pathFits = (key, requestPath) => {
    const template = operation(key).path;
    const pattern = template.split(/(\{[^}]+\})/).map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('');
    return new RegExp(`^${pattern}$`).test(requestPath);
  };

  const documentedStatuses = (key) => Object.keys(operation(key).op.responses ?? {});

  // The problems with one answer (empty when it is as documented). `answer`: {status, headers (a
  // Headers object), text}; `expect.headers`: conditional headers this case must carry;
  // `expect.absent`: documented headers this case must not carry.
  function check(key, answer, expect = {}) {
    const problems = [];
    const responses = operation(key).op.responses ?? {};
    const documented = responses[String(answer.status)];
    if (!documented) {
      return [`answered ${answer.status}, which ${key} does not document (documented: ${Object.keys(responses).join(', ')})`];
    }
    const response = deref(documented);
    const contentType = answer.headers.get('content-type');
    const content = response.content ?? {};
    const mediaTypes = Object.keys(content);
    if (mediaTypes.length === 0) {
      if (answer.text !== '') problems.push(`a ${answer.status} documents no body, but one came (${contentType}): ${answer.text.slice(0, 200)}`);
    } else {
      const mediaType = contentType && matchMediaType(mediaTypes, contentType);
      if (!mediaType) {
        problems.push(`Content-Type ${JSON.stringify(contentType)} is none of the documented ${mediaTypes.join(', ')}`);
      } else {
        const schema = content[mediaType].schema;
        let value = answer.text;
        let parsed = true;
        if (isJson(mediaType)) {
          try { value = JSON.parse(answer.text); } catch (e) { parsed = false; problems.push(`the body is not JSON (${e.message}): ${answer.text.slice(0, 200)}`); }
        }
        if (schema && parsed) {
          for (const e of schemaErrors(schema, value)) problems.push(`body: ${e}`);
        }
      }
    }
    const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, h]) => [name.toLowerCase(), deref(h)]));
    for (const [name, header] of Object.entries(headers)) {
      const value = answer.headers.get(name);
      if (expect.absent?.includes(name)) {
        if (value !== null) problems.push(`header ${name} is sent (${value}), but this case must not carry it`);
        continue;
      }
      if (value === null) {
        if (!CONDITIONAL_HEADERS[name] || expect.headers?.includes(name)) problems.push(`documented header ${name} is missing`);
        continue;
      }
      if (header.schema) {
        const type = header.schema.type;
        const typed = (type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
        for (const e of schemaErrors(header.schema, typed)) problems.push(`header ${name}: ${JSON.stringify(value)} ${e}`);
      }
    }
    for (const name of expect.headers ?? []) {
      if (!headers[name]) problems.push(`this case needs header ${name}, which the ${answer.status} of ${key} does not document`);
    }
    return problems;
  }

  // Problems of a request body the table sends as valid, against the operation's requestBody schema.
  function checkRequestBody(key, body) {
    const schema = deref(operation(key).op.requestBody)?.content?.['application/json']?.schema;
    return schema ? schemaErrors(schema, body) : [];
  }

  return { spec, deref, operations, operation, documentedStatuses, check, checkRequestBody, pathFits };
}
