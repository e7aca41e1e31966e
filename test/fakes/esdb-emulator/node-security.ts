// A secure node: TLS with the node's certificate, and calls checked for the user's credentials (HTTP Basic in the
// `authorization` header, as the client sends them from the connection string). A call without them, or with wrong
// ones, is refused with AccessDenied, as a real node refuses an unauthenticated write.
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';

export interface NodeUser {
  readonly username: string;
  readonly password: string;
}

const accessDenied = (): Partial<ServiceError> => {
  const metadata = new Metadata();
  metadata.set('exception', 'access-denied');
  return { code: status.PERMISSION_DENIED, details: 'Access denied', metadata };
};

/** The refusal a call owes a node that requires this user, if any. */
export const credentialRefusal = (user: NodeUser | undefined, metadata: Metadata): Partial<ServiceError> | undefined => {
  if (!user) return undefined;
  const expected = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  return metadata.get('authorization')[0] === expected ? undefined : accessDenied();
};
