/**
 * A configuration problem the user must fix (config file, `.env`, token file). The message names
 * the key, the file and the fix; `main` prints it without a stack trace and exits with code 2.
 */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}
