/**
 * Read-only territory store over HTTP (`fetch`), for workers and the browser: the same `StoreIO` contract as
 * data/store-node.ts, so `readTerritory` validates lengths and offsets and names the file of a broken column.
 */
import type { StoreIO } from '../data/store.ts';

export class FetchStoreError extends Error {
  override name = 'FetchStoreError';
}

/** `baseUrl` is the store directory's URL (ending with `/`, or one is added). */
export function fetchStoreIO(baseUrl: string, fetchImpl: typeof fetch = fetch): StoreIO {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    async write(rel) {
      throw new FetchStoreError(`${base}${rel}: a store opened over HTTP is read-only`);
    },
    async read(rel) {
      const url = new URL(rel, new URL(base, globalThis.location?.href ?? 'http://localhost/')).href;
      const res = await fetchImpl(url);
      if (!res.ok) throw new FetchStoreError(`${url}: HTTP ${res.status} ${res.statusText}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    async sha256(data) {
      const d = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
      return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
    },
  };
}
