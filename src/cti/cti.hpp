// cti: agent sessions and screen pops (issue 5). The core loop's call and ACD events become CTI
// events — an agent's state, the calls ringing and talking at its phone with the caller's IVR data
// and history, its queues' figures, messages — that agent desktops and wallboards receive over the
// WebSocket /api/v1/ws (the transport and the commands are http's: src/http/websocket_session.hpp,
// cti_commands.hpp; the protocol is docs/cti.md).
//
// Two halves, two threads: CtiPublisher runs on the core loop, observing the pbx and the ACD and
// keeping each phone's calls; EventHub runs on its own thread, holding the subscriptions and fanning
// each event out, serialized once, to the subscribers' own strands. The core loop never waits on a
// subscriber or the store.
#pragma once

#include "cti/acd_json.hpp"
#include "cti/cti_publisher.hpp"
#include "cti/event_hub.hpp"
#include "cti/event_json.hpp"
#include "cti/subscriber.hpp"
#include "cti/todo_json.hpp"
#include "cti/todo_reminders.hpp"
