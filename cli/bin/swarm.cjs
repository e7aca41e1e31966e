#!/usr/bin/env node
// The `swarm` command: see launch.cjs.
require('./launch.cjs')('swarm');
