// Scenario records in a JSON file: how the CLI keeps them (the editor keeps them in its own storage). The file
// lives in the lab folder, so `scenario`, `exercise` and `report` runs of the CLI all see the same runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabConfig } from '../config';
import { labDirFor } from '../stack/labDir/labDirectory';
import { type RecordBacking, ScenarioRecords } from './records';

export const RECORDS_FILE_NAME = 'scenario-records.json';

export function labRecordsFile(config: LabConfig): string {
  return path.join(labDirFor(config), RECORDS_FILE_NAME);
}

/** A JSON file as the backing; written whole through a temporary file, so a crash never leaves half a file. */
export function fileBacking(file: string): RecordBacking {
  return {
    load: () => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown) : undefined),
    save: (records) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(records, null, 1));
      fs.renameSync(tmp, file);
    },
  };
}

export function labRecords(config: LabConfig, onChange?: () => void): ScenarioRecords {
  return new ScenarioRecords(fileBacking(labRecordsFile(config)), undefined, onChange);
}
