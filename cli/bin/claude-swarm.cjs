#!/usr/bin/env node
// The `claude-swarm` command: see launch.cjs.
require('./launch.cjs')('claude-swarm');
