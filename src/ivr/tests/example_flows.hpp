// Flows shared by the tests. kHotlineFlow is the example of docs/ivr.md.
#pragma once

namespace hotline::ivr::testing {

inline constexpr const char* kHotlineFlow = R"json({
  "name": "Service hotline",
  "start": "hours",
  "nodes": {
    "hours": {
      "type": "condition",
      "branches": [
        {"holiday": "cn_public", "next": "closed"},
        {"weekdays": [1, 2, 3, 4, 5], "time": [{"from": "09:00", "to": "18:00"}], "next": "welcome"}
      ],
      "default": "closed"
    },
    "welcome": {
      "type": "play",
      "items": [
        {"type": "file", "path": "welcome.wav"},
        {"type": "tts", "text": "您好，这里是XX服务热线", "language": "zh-CN"}
      ],
      "next": "vip"
    },
    "vip": {
      "type": "condition",
      "branches": [{"when": "caller.vip_level >= 2", "next": "vip_queue"}],
      "default": "main"
    },
    "vip_queue": {"type": "queue", "queue": "vip", "priority": "caller.vip_level * 10",
                  "announce_agent": true, "on_failure": "voicemail"},
    "main": {
      "type": "menu",
      "prompt": [{"type": "tts", "text": "查询余额请按1，人工服务请按0"}],
      "keys": {"1": "account", "0": "sales"},
      "variable": "choice",
      "timeout_ms": 5000,
      "max_retries": 2,
      "invalid_prompt": [{"type": "tts", "text": "输入有误"}],
      "timeout_prompt": [{"type": "tts", "text": "您没有输入"}],
      "on_failure": "sales",
      "ui": {"x": 120, "y": 40}
    },
    "account": {
      "type": "collect",
      "prompt": [{"type": "tts", "text": "请输入账号，以井号键结束"}],
      "min_digits": 6,
      "max_digits": 12,
      "terminator": "#",
      "timeout_ms": 8000,
      "inter_digit_timeout_ms": 3000,
      "validation": "^[0-9]{6,12}$",
      "variable": "account",
      "max_retries": 2,
      "invalid_prompt": [{"type": "tts", "text": "账号有误"}],
      "next": "lookup",
      "on_failure": "sales"
    },
    "lookup": {
      "type": "http",
      "method": "GET",
      "url": "https://crm.example.com/api/accounts/{{account}}?caller={{caller.number}}",
      "headers": {"Authorization": "Bearer {{crm_token}}"},
      "timeout_ms": 3000,
      "response": {"balance": "data.balance", "owner": "data.owner.name"},
      "status_variable": "crm_status",
      "next": "score",
      "on_error": "sales"
    },
    "score": {
      "type": "lua",
      "script": "local balance = tonumber(vars.balance) or 0\nif balance < 0 then\n  vars.reason = 'overdue'\n  return 'overdue'\nend",
      "branches": {"overdue": "sales"},
      "next": "say_balance",
      "on_error": "say_balance"
    },
    "say_balance": {
      "type": "play",
      "items": [{"type": "tts", "text": "您的余额是{{balance}}元"}, {"type": "silence", "duration_ms": 500}],
      "next": "main"
    },
    "sales": {"type": "queue", "queue": "sales", "priority": 0, "skill": "billing",
              "carry": ["account", "balance", "choice", "reason"], "on_failure": "voicemail"},
    "closed": {
      "type": "play",
      "items": [{"type": "tts", "text": "现在是非工作时间"}],
      "interruptible": false,
      "next": "voicemail"
    },
    "voicemail": {"type": "voicemail", "box": "sales", "on_failure": "bye"},
    "bye": {"type": "hangup", "cause": "normal"}
  }
})json";

// The post-call survey an agent hands the caller to (IVR-8, IVR-9).
inline constexpr const char* kSurveyFlow = R"json({
  "name": "Satisfaction survey",
  "start": "agent",
  "nodes": {
    "agent": {"type": "announce_agent", "before": [{"type": "tts", "text": "工号"}],
              "after": [{"type": "tts", "text": "为您服务"}], "next": "ask"},
    "ask": {"type": "survey", "prompt": [{"type": "tts", "text": "满意请按1，一般请按2，不满意请按3"}],
            "keys": "123", "variable": "satisfaction", "max_retries": 1,
            "invalid_prompt": [{"type": "tts", "text": "输入有误"}], "next": "thanks", "on_failure": "bye"},
    "thanks": {"type": "play", "items": [{"type": "tts", "text": "谢谢"}], "next": "bye"},
    "bye": {"type": "hangup"}
  }
})json";

}  // namespace hotline::ivr::testing
