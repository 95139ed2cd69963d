/** Where CLI commands write. Tests pass buffers; the binary passes the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is an interactive terminal (progress bars only then). */
  readonly isTty: boolean;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  isTty: Boolean(process.stdout.isTTY),
};

/** An error a command reports to the user as one clear message and a non-zero exit, without a stack. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * A user error that is a conflict with another writer's work, not a bad request: the command read the
 * book, another command changed it before this one wrote, and nothing was written. The CLI reports it
 * as any user error; the server answers 409 Conflict, so a client can tell "run it again" from "fix
 * the request".
 */
export class ConflictError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}
