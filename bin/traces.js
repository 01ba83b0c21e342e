#!/usr/bin/env node
// `traces`: the same CLI as `tracebase`, naming itself in messages.
process.env.TRACEBASE_BIN_NAME ??= 'traces';
await import('./tracebase.js');
