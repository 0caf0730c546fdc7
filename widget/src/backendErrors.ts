/**
 * What went wrong talking to the backend, as a sentence for the user. A browser's own words ("Failed to fetch")
 * never reach the screen: a backend that cannot be reached is said so in the user's language.
 */
export class BackendUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendUnavailableError';
  }
}

/** The backend answered with an error (`{error:{code,message,details}}`): its message is already for the user. */
export class BackendAnswerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BackendAnswerError';
  }
}

/** No answer at all: network down, backend stopped, blocked by the browser. */
export class BackendUnreachableError extends Error {
  constructor() {
    super('unreachable');
    this.name = 'BackendUnreachableError';
  }
}
