/** Where this installation's `cli/bin` lives: see agents/installation-root.ts. */
export { installationRoot } from '../agents/installation-root.js';
