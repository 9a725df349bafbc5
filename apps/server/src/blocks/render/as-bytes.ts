/** A plain `Uint8Array` view of a Buffer (no copy), so every renderer returns the same type. */
export function asBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
