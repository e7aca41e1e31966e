import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import { invalid, notFound, type DomainError } from '../../domain/errors.js';
import { NonEmptyText } from '../../domain/project/index.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { matchGateItem } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { decideApproval, type DecidedApproval } from './approval-commands.js';
import { decideProject, type DecidedProject } from './project-commands.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

export const GateDecisionInput = t.intersection([
  t.type({ id: NonEmptyText, decision: t.keyof({ approve: null, reject: null, defer: null }) }),
  t.partial({ note: t.string, reason: t.string, overrideTests: t.boolean }),
]);

export type GateDecision = ({ readonly kind: 'project' } & DecidedProject) | ({ readonly kind: 'approval' } & DecidedApproval);

/**
 * `swarm approve|reject|defer ID`: the id (or a unique prefix) may name a project proposal or a product approval;
 * a prefix matching items of both kinds, or several of one, is refused with the matches (W-26).
 */
export const decideGateItem = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, GateDecision>> => {
  const decoded = decodeWith(GateDecisionInput)(input);
  if (isLeft(decoded)) return decoded;
  const i = decoded.right;
  const match = matchGateItem(await freshReader(runtime.log, runtime.projections, approvalsProjection), i.id);
  if (match.kind === 'none') return left(notFound(`no project or product approval ${i.id}`, { field: 'id' }));
  if (match.kind === 'ambiguous')
    return left(invalid(`id: "${i.id}" matches several items (${match.ids.join(', ')}); give more of the id`, { field: 'id', details: { matches: match.ids } }));
  const item = match.doc;
  if (item.kind === 'project') {
    if (i.overrideTests) return left(invalid(`--override-tests: ${item.doc.id} is a project proposal; only a product has tests to override`, { field: 'overrideTests' }));
    const decided = await decideProject(runtime, caller, { ...i, id: item.doc.id });
    return isLeft(decided) ? decided : right({ kind: 'project', ...decided.right });
  }
  if (i.decision === 'defer') return left(invalid(`id: ${item.doc.id} is a product approval; only project proposals can be deferred`, { field: 'id' }));
  const decided = await decideApproval(runtime, caller, { ...i, id: item.doc.id, decision: i.decision });
  return isLeft(decided) ? decided : right({ kind: 'approval', ...decided.right });
};
