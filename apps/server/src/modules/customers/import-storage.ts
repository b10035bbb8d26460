import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../http/errors.js';

/**
 * Where uploaded import files wait until their import has run: `<data dir>/imports/<tenant>/<import>.<ext>`,
 * on the server's disk whichever database it uses. Uploads are streamed there, never held in memory.
 */

export const importsRoot = (dataDir: string) => path.join(dataDir, 'imports');

export const uploadPath = (dataDir: string, tenantId: string, importId: string, extension: string) =>
  path.join(importsRoot(dataDir), tenantId, `${importId}.${extension}`);

/** Whether a file is one of our uploads (the CLI imports files where they are, which are not ours to delete). */
export const isStoredUpload = (dataDir: string, file: string) => path.resolve(file).startsWith(importsRoot(dataDir) + path.sep);

export const payloadTooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`, {
    reason: 'payload_too_large',
    params: { kib: Math.round(maxBytes / 1024) },
  });

/** Counts bytes and line feeds as they pass, and stops the stream once it is larger than allowed. */
class UploadMeter extends Transform {
  bytes = 0;
  lineFeeds = 0;
  endsWithLineFeed = false;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void) {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(payloadTooLarge(this.maxBytes));
    this.lineFeeds += countLineFeeds(chunk);
    if (chunk.length) this.endsWithLineFeed = chunk[chunk.length - 1] === 0x0a;
    done(null, chunk);
  }
}

function countLineFeeds(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) n++;
  return n;
}

export type StoredFile = { bytes: number; lines: number };

/**
 * Streams a request body to `target`. Lines are counted on the way (a line feed byte never occurs
 * inside a multi-byte character of UTF-8, GB18030 or Big5), for the progress estimate of CSV files.
 * @throws AppError payload_too_large beyond `maxBytes`, leaving no file behind.
 */
export async function storeUpload(body: ReadableStream<Uint8Array> | null, target: string, maxBytes: number): Promise<StoredFile> {
  await mkdir(path.dirname(target), { recursive: true });
  const meter = new UploadMeter(maxBytes);
  const source = body ? Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
  try {
    await pipeline(source, meter, createWriteStream(target));
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  return { bytes: meter.bytes, lines: meter.lineFeeds + (meter.bytes > 0 && !meter.endsWithLineFeed ? 1 : 0) };
}

/** The size and line count of a file already on disk (a file the CLI imports where it is). */
export async function measureFile(file: string): Promise<StoredFile> {
  const handle = await open(file, 'r');
  const { size } = await handle.stat();
  await handle.close();
  const meter = new UploadMeter(Number.MAX_SAFE_INTEGER);
  await pipeline(createReadStream(file), meter, new Writable({ write: (_chunk, _encoding, done) => done() }));
  return { bytes: size, lines: meter.lineFeeds + (size > 0 && !meter.endsWithLineFeed ? 1 : 0) };
}

/** Removes an upload, if it is one of ours. */
export async function removeUpload(dataDir: string, file: string): Promise<void> {
  if (isStoredUpload(dataDir, file)) await rm(file, { force: true });
}
