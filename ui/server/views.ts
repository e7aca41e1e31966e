
/** The JSON shapes the API answers with: the read models' views under the original's field names (inventory §5.1). */
export { postJson, proposalJson, taskJson } from '../../processes/queries/original-shapes.js';

/** A document without the log positions the projection keeps for itself. */
export const withoutPositions = <T extends object>(doc: T): Omit<T, 'position' | 'submittedPosition' | 'lastPosition'> => {
  const { position: _p, submittedPosition: _s, lastPosition: _l, ...rest } = doc as T & { position?: number; submittedPosition?: number; lastPosition?: number };
  return rest;
};
