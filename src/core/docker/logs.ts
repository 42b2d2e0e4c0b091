// Container log framing. Non-TTY containers multiplex stdout and stderr into frames:
// an 8-byte header (stream type, three zero bytes, payload size as big-endian uint32) and the payload.

export interface LogFrame {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Splits a complete multiplexed log buffer (from `container.logs({ follow: false })`) into frames. */
export function demuxLogBuffer(buf: Buffer): LogFrame[] {
  const frames: LogFrame[] = [];
  let offset = 0;
  while (offset + 8 <= buf.length) {
    const type = buf[offset];
    const size = buf.readUInt32BE(offset + 4);
    const end = Math.min(offset + 8 + size, buf.length);
    frames.push({ stream: type === 2 ? 'stderr' : 'stdout', text: buf.subarray(offset + 8, end).toString('utf8') });
    offset = end;
  }
  return frames;
}

/** The frames' text joined in order, as a terminal would show it. */
export function logText(buf: Buffer): string {
  return demuxLogBuffer(buf)
    .map((f) => f.text)
    .join('');
}
