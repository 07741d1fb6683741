/**
 * The DocTypes a site has, by name. Empty here; `cortado types generate`
 * writes a declaration file that fills it by module augmentation, and from
 * then on `getDoc('Sales Order', …)` returns a `SalesOrder`.
 *
 * @example
 * declare module '@cortado/client' {
 *   interface DocTypes { 'ToDo': { name: string; status?: 'Open' | 'Closed' } }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DocTypes {}

/** A document of a DocType the client has no type for. */
export interface GenericDoc {
  name: string;
  doctype?: string;
  [field: string]: unknown;
}

/** A DocType name: one the map knows, or any string. */
export type DocTypeName<M> = (keyof M & string) | (string & {});

/** The document type of DocType `D`. */
export type DocOf<M, D extends string> = D extends keyof M ? M[D] : GenericDoc;

/** The fieldnames of DocType `D` (any string when the map does not know it). */
export type FieldOf<M, D extends string> = D extends keyof M ? keyof M[D] & string : string;

/** What may be sent to create or change a document of `D`: any subset of its fields. */
export type DocInput<M, D extends string> = D extends keyof M
  ? {
      [K in keyof M[D]]?: NonNullable<M[D][K]> extends readonly (infer Row)[]
        ? Array<Partial<Row>>
        : M[D][K];
    }
  : Record<string, unknown>;
