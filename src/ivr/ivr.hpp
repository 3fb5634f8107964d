// ivr: automatic voice service flows (IVR-1..IVR-11) as pure logic. A flow is JSON (docs/ivr.md)
// that compile_flow validates and turns into an immutable, shared FlowVersion; a Session walks one
// call through a version, turning events (prompt ended, key pressed, timer, HTTP answer) into
// actions (play, wait for keys, HTTP request, enqueue, transfer, voicemail, hang up). Lua scripts
// in flows run in LuaSandbox. The module does no I/O: the pbx runs one Session per call on the
// core loop and carries out its actions; the HTTP API stores and publishes flows.
//
// Thread: compiling is free-threaded; a Session belongs to the core loop.
#pragma once

#include "ivr/call_context.hpp"
#include "ivr/flow.hpp"
#include "ivr/flow_compiler.hpp"
#include "ivr/lua_sandbox.hpp"
#include "ivr/session.hpp"
#include "ivr/session_io.hpp"
