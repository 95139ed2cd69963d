/** Reading a sweep spec file (I/O), with errors that name the file and the field. */
import { readJsonFile } from '../data/fs/jsonFile.js';
import { parseSweepSpec, SweepSpecError, type SweepSpec } from './spec.js';

export function loadSweepSpecFile(path: string): SweepSpec {
  const raw = readJsonFile(path);
  if (!raw.ok) throw new SweepSpecError(path, [{ path: '', message: raw.error.message }]);
  return parseSweepSpec(raw.value, path);
}
