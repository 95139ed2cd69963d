/** One invalid field of a request: its dotted path inside the request part and the reason. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * An error the API answers with its status and `{ error: message }`, plus `issues` when the reasons
 * belong to fields (a form shows each beside its field).
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    message: string,
    readonly issues?: readonly FieldIssue[],
  ) {
    super(message);
  }
}

export const badRequest = (message: string, issues?: readonly FieldIssue[]) => new HttpError(400, message, issues);
export const notFound = (message: string) => new HttpError(404, message);
