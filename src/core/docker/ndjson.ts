// Newline-delimited JSON as the Engine API streams it (GET /events, a container's stats): one value per line,
// chunks cut anywhere, even inside a line or a multi-byte UTF-8 character. The one splitter both streams use.
import { StringDecoder } from 'node:string_decoder';

/**
 * Returns the `data` handler for such a stream: it calls `onValue` with each complete line's value, in order.
 * Blank lines are skipped; a line that is not JSON is dropped (a stream must not die of one torn record),
 * and the rest of the stream goes on. A last line without its newline is never delivered.
 */
export function ndjsonReader<T>(onValue: (value: T) => void): (chunk: Buffer | string) => void {
  const decoder = new StringDecoder('utf8');
  let buffered = '';
  return (chunk) => {
    buffered += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (!line) continue;
      let value: T;
      try {
        value = JSON.parse(line) as T;
      } catch {
        continue;
      }
      onValue(value);
    }
  };
}
