import { Buffer } from 'node:buffer';

/**
 * Writes JSON made of integers and brackets (the causation index's documents) as ASCII bytes into one growing
 * buffer, and cuts documents out of it as strings. Millions of numbers turned into strings one by one, then
 * joined, kept the garbage collector busy for longer than the rest of a rebuild of the index.
 */
export class AsciiJson {
  private bytes: Uint8Array;
  /** Where the next byte goes: the start of a document to cut out later. */
  mark = 0;

  /** `expected`: about how many bytes will be written (the buffer grows past it if need be). */
  constructor(expected = 1 << 20) {
    this.bytes = new Uint8Array(Math.max(expected, 64));
  }

  /** Makes room for `n` more bytes (callers reserve once for a run of writes). */
  reserve(n: number): void {
    if (this.mark + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.mark + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.mark));
    this.bytes = grown;
  }

  /** An ASCII character by its code, e.g. 44 for `,` (room reserved by the caller). */
  char(code: number): void {
    this.bytes[this.mark++] = code;
  }

  /** A safe integer, as JSON.stringify writes it (at most 17 bytes; room reserved by the caller). */
  int(n: number): void {
    const bytes = this.bytes;
    if (n < 0) {
      bytes[this.mark++] = 45; // '-'
      n = -n;
    }
    let digits = 1;
    for (let power = 10; n >= power; power *= 10) digits++;
    let at = this.mark + digits;
    this.mark = at;
    if (n < 4294967296) {
      // Unsigned 32-bit arithmetic: the common case (hashes, positions), much faster than floating division.
      let v = n >>> 0;
      do {
        const q = (v / 10) >>> 0;
        bytes[--at] = 48 + v - q * 10;
        v = q;
      } while (v > 0);
    } else {
      do {
        const q = Math.floor(n / 10);
        bytes[--at] = 48 + n - q * 10;
        n = q;
      } while (n > 0);
    }
  }

  /** The text written from `start` up to now. */
  text(start: number): string {
    // Node's latin1 decoding makes a one-byte string straight from the bytes (TextDecoder goes through ICU).
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.mark).toString('latin1', start, this.mark);
  }
}
