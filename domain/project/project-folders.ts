/**
 * Where a project's files live, named by the project, never by its product's name (issue 17): two projects of the
 * same name never share a folder, a spec or a report. The swarm gives these paths in the tasks' payloads
 * (`files_path`, `spec_path`); agents use them as given. `$SWARM_HOME` is left for the agent's shell (and the
 * simulated agent) to expand: inside a sandbox, paths keep their host names.
 */
export const projectFolder = (projectId: string): string => `$SWARM_HOME/projects/${projectId}`;

export const projectSpecPath = (projectId: string): string => `$SWARM_HOME/specs/${projectId}.md`;

/** Where the local publisher puts a published product of this project. */
export const projectDownloadFolder = (projectId: string): string => `$SWARM_HOME/downloads/${projectId}`;
