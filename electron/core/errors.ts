import type { CairnError } from '../../shared/api/contract';

/** An error meant for the user: its message is shown as is, with no stack. */
export class UserError extends Error {
  /**
   * `field`: the call input that would fix it (e.g. `reason`). Messages say what to do in words any
   * client can show; each client names the field its own way (the CLI as a flag, a form as an input).
   */
  constructor(
    message: string,
    readonly code: CairnError['code'] = 'invalid_input',
    readonly field?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function notFound(what: string): UserError {
  return new UserError(`${what} not found`, 'not_found');
}
