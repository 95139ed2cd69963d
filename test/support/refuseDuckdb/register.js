// Installed with `node --import <this file>`: every later import of DuckDB fails (hooks.js).
import { register } from 'node:module';

register('./hooks.js', import.meta.url);
