/**
 * CRC32C (Castagnoli), the checksum GCS reports as `crc32c`: base64 of the big-endian 32-bit value.
 * The client library compares it with its own after every upload and full download, and treats a
 * missing one as a mismatch, so the stub has to compute it.
 */
const table = new Uint32Array(256).map((_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? (value >>> 1) ^ 0x82f63b78 : value >>> 1;
  return value >>> 0;
});

export class Crc32c {
  private value = 0xffffffff;

  update(bytes: Uint8Array): this {
    let value = this.value;
    for (const byte of bytes) value = table[(value ^ byte) & 0xff] ^ (value >>> 8);
    this.value = value >>> 0;
    return this;
  }

  base64(): string {
    const out = Buffer.alloc(4);
    out.writeUInt32BE((this.value ^ 0xffffffff) >>> 0);
    return out.toString("base64");
  }
}
