// Which calls a node refuses. A follower refuses what must be done on the leader (a call with the `requires-leader` header) with
// NotLeader, naming the leader's endpoint in the trailers as a real node does, so the client reconnects there.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { credentialRefusal, type NodeUser } from './node-security.js';

export interface LeaderEndpoint {
  readonly host: string;
  readonly port: number;
}

export const requiresLeader = (metadata: Metadata): boolean => metadata.get('requires-leader')[0] === 'true';

export const notLeader = (leader: LeaderEndpoint): Partial<ServiceError> => {
  const metadata = new Metadata();
  metadata.set('exception', 'not-leader');
  metadata.set('leader-endpoint-host', leader.host);
  metadata.set('leader-endpoint-port', String(leader.port));
  return { code: status.NOT_FOUND, details: 'Leader info available', metadata };
};

/** The refusal this call is owed, if any: without the user's credentials (a secure node), then by a follower. */
export const callRefusal = (node: { readonly leader: LeaderEndpoint | undefined; readonly user: NodeUser | undefined }, metadata: Metadata): Partial<ServiceError> | undefined =>
  credentialRefusal(node.user, metadata) ?? (node.leader && requiresLeader(metadata) ? notLeader(node.leader) : undefined);
