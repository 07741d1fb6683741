import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, any>;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const VERBS_IN_ORDER = (path: string) => (path.endsWith('/{name}') ? 1 : 0);

/** One finding: the request and what was wrong with its answer. */
export interface ContractFinding {
  readonly request: string;
  readonly problem: string;
}

/**
 * Calls every GET operation of `document` on the live server at `base` with
 * the parameter examples the document declares and checks each answer: its
 * status must be declared (exactly or as `4XX`), and a JSON body must match
 * the declared schema. `{name}` takes a name the DocType's list returned (or
 * one that does not exist, which must then be a declared error). Returns
 * the findings (empty when the server keeps the document's promises) and
 * each path's status.
 */
export async function checkGetOperations(
  base: string,
  headers: Record<string, string>,
  document: Json,
): Promise<{ findings: ContractFinding[]; statuses: Map<string, number> }> {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('password', true);
  ajv.addSchema(rebase(document), 'openapi');
  const findings: ContractFinding[] = [];
  const statuses = new Map<string, number>();
  const names = new Map<string, string>();
  const paths = Object.keys(document.paths).sort((a, b) => VERBS_IN_ORDER(a) - VERBS_IN_ORDER(b));
  for (const path of paths) {
    const operation = document.paths[path].get;
    if (operation === undefined) continue;
    const url = base + fillPath(path, names) + queryOf(document, operation);
    const response = await fetch(url, {
      headers: { accept: 'application/json', ...headers },
      redirect: 'manual',
    });
    const text = await response.text();
    const problem = judge(ajv, operation, response, text);
    if (problem !== null) findings.push({ request: `GET ${url}`, problem });
    statuses.set(path, response.status);
    rememberName(path, text, names);
  }
  return { findings, statuses };
}

/** `#/components/…` refs point into the document registered as `openapi`. */
function rebase(document: Json): Json {
  return JSON.parse(JSON.stringify(document).replaceAll('"#/components/', '"openapi#/components/'));
}

function fillPath(path: string, names: Map<string, string>): string {
  if (!path.endsWith('/{name}')) return path;
  const list = path.slice(0, -'/{name}'.length);
  return `${list}/${encodeURIComponent(names.get(list) ?? 'no-such-document-xyz')}`;
}

function rememberName(path: string, text: string, names: Map<string, string>): void {
  try {
    const first = (JSON.parse(text) as Json)?.data?.[0]?.name;
    if (first !== undefined && first !== null) names.set(path, String(first));
  } catch {
    // Not a list answer.
  }
}

function queryOf(document: Json, operation: Json): string {
  const query = new URLSearchParams();
  for (const declared of operation.parameters ?? []) {
    const parameter = declared.$ref
      ? document.components.parameters[declared.$ref.split('/').pop()]
      : declared;
    if (parameter.in !== 'query') continue;
    const media = parameter.content?.['application/json'];
    const example = media?.example ?? parameter.example;
    if (example === undefined) continue;
    query.set(parameter.name, media ? JSON.stringify(example) : String(example));
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

function judge(ajv: Ajv2020, operation: Json, response: Response, text: string): string | null {
  const status = String(response.status);
  const declared = operation.responses[status] ?? operation.responses[`${status[0]}XX`];
  if (declared === undefined) return `undeclared status ${status}: ${text.slice(0, 300)}`;
  const resolved = declared.$ref ? ajv.getSchema(rebaseRef(declared.$ref))?.schema : declared;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) return null;
  const schema = (resolved as Json | undefined)?.content?.['application/json']?.schema;
  if (schema === undefined)
    return `status ${status} declares no JSON body, got ${text.slice(0, 200)}`;
  const validate = ajv.compile(
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/')),
  );
  if (validate(JSON.parse(text))) return null;
  return `status ${status} body does not match: ${ajv.errorsText(validate.errors)} in ${text.slice(0, 300)}`;
}

function rebaseRef(ref: string): string {
  return ref.replace('#/components/', 'openapi#/components/');
}
