// Vitest setup: both message catalogues loaded before any test, as main.ts loads the user's language before a command.
import { loadCatalogue } from '../src/i18n/index.js';

await Promise.all([loadCatalogue('zh'), loadCatalogue('en')]);
