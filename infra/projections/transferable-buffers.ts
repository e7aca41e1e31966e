/**
 * The buffers of a value's typed arrays, to move to another thread with it rather than copy (`postMessage`'s
 * transfer list): only a buffer an array has to itself; a view into a shared one (Node's Buffer pool) is copied.
 */
export const transferableBuffers = (value: unknown): ArrayBuffer[] => {
  const buffers = new Set<ArrayBuffer>();
  const visit = (v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) buffers.add(v.buffer);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...buffers];
};
