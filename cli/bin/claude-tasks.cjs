#!/usr/bin/env node
// The `claude-tasks` command: see launch.cjs.
require('./launch.cjs')('claude-tasks');
