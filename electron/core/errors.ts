import type { CairnError } from '../../shared/api/contract';

/** An error meant for the user: its message is shown as is, with no stack. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: CairnError['code'] = 'invalid_input',
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function notFound(what: string): UserError {
  return new UserError(`${what} not found`, 'not_found');
}
