/**
 * Node's native SHA-256 (OpenSSL) for the pipeline's and the run files' hashes: the same digests as
 * engine/hash/sha256.ts, several times faster on the tens of MB a run hashes. Importing this module installs it
 * (Node entry points: run directories, the batch worker, the CLI); the browser keeps the portable implementation.
 */
import { createHash } from 'node:crypto';
import { useSha256, utf8, type Sha256Hasher } from '../../engine/hash/sha256.ts';

/** String.prototype.isWellFormed (ES2024, in every Node the project supports: engines ≥ 20.19). */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

export function nodeSha256(): Sha256Hasher {
  const h = createHash('sha256');
  return {
    update(d: Uint8Array | string) {
      // Node encodes a lone surrogate as U+FFFD; the portable hash encodes it as its own code unit (see utf8).
      if (typeof d === 'string') h.update(wellFormed(d) ? d : utf8(d));
      else h.update(d);
      return this;
    },
    digestHex: () => h.digest('hex'),
  };
}

useSha256(nodeSha256);
