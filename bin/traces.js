#!/bin/sh
':' //; exec env MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-4}" node "$0" "$@"
// (Started as a shell script that runs it under Node: see tracebase.js.)
// `traces`: the same CLI as `tracebase`, naming itself in messages.
process.env.TRACEBASE_BIN_NAME ??= 'traces';
await import('./tracebase.js');
