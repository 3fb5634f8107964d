// acd: automatic call distribution. Queues of waiting calls ordered by priority and arrival, agents
// with skills, levels, states, work modes and wrap-up, and the routing strategies that decide which
// agent is offered which call (ACD-1..ACD-11). Pure logic: no SIP, no storage. The pbx drives it with
// events and carries out its decisions (ring, withdraw, overflow, time out) in SIP; a store
// subscriber persists its agent state and queue entry/exit records. It owns its queues, agents and
// waiting calls; callers refer to them by the integer ids they assign. Model, strategies, formulas
// and figures: docs/acd.md.
//
// Thread: core loop only.
#pragma once

#include "acd/queue_router.hpp"
#include "acd/records.hpp"
#include "acd/routing_strategy.hpp"
#include "acd/sinks.hpp"
#include "acd/types.hpp"
