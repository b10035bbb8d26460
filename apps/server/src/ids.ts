import crypto from 'node:crypto';
import { v7 } from 'uuid';

/** UUIDv7: time-ordered, so new rows land at the end of indexes and ids sort by creation. */
export const newId = (): string => v7();

export const randomToken = (bytes = 32): string => crypto.randomBytes(bytes).toString('base64url');
export const sha256 = (value: string): string => crypto.createHash('sha256').update(value).digest('hex');
