/** A refusal the CLI reports to the person: exit code 2 for bad input, 1 for a command the rules refused. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) => new CliFailure(message, 2, details);
export const refused = (message: string, details?: Record<string, unknown>) => new CliFailure(message, 1, details);
