import { ApiError, type Problem } from '../../../api/client';
import type { Import } from './import-types';

/** The largest file the server accepts (1 GiB). */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv',
  txt: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function contentTypeOf(fileName: string): string {
  const extension = fileName.split('.').pop()?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

/** The CSRF token the server set as a cookie; api/client.ts sends the same on its writes. */
function csrfToken(): string | undefined {
  const prefix = 'rapport_csrf=';
  const item = document.cookie
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(prefix));
  return item ? decodeURIComponent(item.slice(prefix.length)) : undefined;
}

function problemOf(xhr: XMLHttpRequest): Problem {
  const problem: Problem = { status: xhr.status, title: xhr.statusText };
  if ((xhr.getResponseHeader('Content-Type') ?? '').includes('json')) {
    try {
      return { ...problem, ...(JSON.parse(xhr.responseText) as Partial<Problem>), status: xhr.status };
    } catch {
      // A broken error body still leaves the status to go by.
    }
  }
  return problem;
}

export type UploadProgress = { loaded: number; total: number };

/**
 * Sends a file as the raw request body. XMLHttpRequest rather than fetch, because only it reports
 * how much of the body has gone out: a 100 MB file takes long enough that people need to see it move.
 * Rejects with an ApiError like every other call, or with an AbortError when `signal` fires.
 */
export function uploadImportFile(file: File, onProgress: (progress: UploadProgress) => void, signal: AbortSignal): Promise<Import> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/imports?${new URLSearchParams({ fileName: file.name }).toString()}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Content-Type', contentTypeOf(file.name));
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.withCredentials = true;

    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as Import);
        } catch {
          reject(new ApiError({ status: xhr.status, code: 'invalid_response' }));
        }
      } else {
        reject(new ApiError(problemOf(xhr)));
      }
    };
    xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network' }));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
