# The swarm in a container: `swarm up` on the log named by SWARM_STORE (KurrentDB in production, see
# infra/compose/docker-compose.yml and infra/terraform/). Its commands are the README's "Deploying" section, checked
# by test/deploy/dockerfile.test.ts.
FROM node:20-bookworm-slim AS build
WORKDIR /opt/swarmlog
# better-sqlite3 is built from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++
COPY . .
# `npm ci` runs the `prepare` script, which compiles the CLI to dist/.
RUN npm ci
RUN npm prune --omit=dev

FROM node:20-bookworm-slim
# bubblewrap: every agent run's sandbox; git: the builder's product repositories.
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap git ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/swarmlog
COPY --from=build /opt/swarmlog /opt/swarmlog
# No scripts: `prepare` (the build) ran in the first stage, and its tools were pruned.
RUN npm link --ignore-scripts
ENV SWARM_HOME=/data NODE_ENV=production
VOLUME /data
EXPOSE 8080
CMD ["swarm", "up", "--host", "0.0.0.0", "--port", "8080"]
