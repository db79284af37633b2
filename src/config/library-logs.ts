// Imported first by the entry point: `@d-fischer/logger` reads `LOGGING` once, when it is loaded
// (by twurple), so the setting must be in place before any twurple module is evaluated.
import { quietLibraryLoggers } from './env.js';

quietLibraryLoggers();
