"""Loopback servers speaking three chat APIs, so tests drive the real provider clients.

Each server answers the way its provider's public API reference says a reply looks:

- OpenAI chat completions (`POST /v1/chat/completions`; also what any OpenAI-compatible
  server behind `CRUXMAP_LLM_BASE_URL` speaks): `choices[0].message` with `content` (a string,
  or a list of reasoning and text parts) or a `refusal`, `reasoning_content` beside it, `finish_reason` "stop" or "length", `usage.prompt_tokens/completion_tokens`.
- Anthropic messages (`POST /v1/messages`): a list of content blocks, a `thinking` block
  (with its signature) before the `text` block, a `tool_use` block when a tool is forced,
  `stop_reason` "end_turn", "tool_use", "max_tokens" or "refusal", `usage.input_tokens/output_tokens`.
- Ollama (`POST /api/chat`): NDJSON chunks when streaming (the client's default), the last
  with `done: true`, `done_reason`, `prompt_eval_count` and `eval_count`.

What a server says is scripted by a `responder(request) -> Turn` (the request body, parsed),
and by `faults`: replies served first, in order (a 429 with Retry-After, a 503, a slow reply).
`analyst_responder` is a deterministic stand-in for a model that reads cruxmap's prompts:
claims are the sentences the offline analyst picks from the window, and a pair is typed from
cue words in claim B, quoting them as evidence. Tests and benchmarks/bench_llm.py share it.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Turn:
    """One scripted reply: `text` (the answer), optional `thinking` (reasoning shown before
    it), a `refusal` instead of an answer, `cut_off` (stopped at the token limit), or an HTTP
    `status` with `headers` (a 429's Retry-After). `delay` seconds before the reply."""

    text: str = ""
    thinking: str = ""
    refusal: str = ""
    cut_off: bool = False
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    #: OpenAI-compatible servers only: `content` as a list of parts (reasoning, then text)
    #: instead of a string, as some proxies and reasoning-model servers send it.
    blocks: bool = False


def last_user_text(request: dict) -> str:
    """The last user message of any of the three APIs, as plain text."""
    for message in reversed(request.get("messages", [])):
        if message.get("role") == "user":
            content = message.get("content", "")
            if isinstance(content, list):
                return "".join(b.get("text", "") for b in content if isinstance(b, dict))
            return str(content)
    return ""


def system_text(request: dict) -> str:
    system = request.get("system")
    if isinstance(system, list):
        return "".join(b.get("text", "") for b in system if isinstance(b, dict))
    if isinstance(system, str):
        return system
    for message in request.get("messages", []):
        if message.get("role") == "system":
            return str(message.get("content", ""))
    return ""


def prompt_text(request: dict) -> str:
    """Every message's text (and Anthropic's separate system text): what a provider bills."""
    parts = (
        []
        if any(m.get("role") == "system" for m in request.get("messages", []))
        else [system_text(request)]
    )
    for message in request.get("messages", []):
        content = message.get("content", "")
        if isinstance(content, list):
            parts += [str(b.get("text", "")) for b in content if isinstance(b, dict)]
        else:
            parts.append(str(content or ""))
    return "\n".join(parts)


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


class ChatServer:
    """A loopback server for one provider's chat API (`provider`: openai, anthropic, ollama)."""

    def __init__(self, provider: str, responder: Callable[[dict], Turn] | None = None) -> None:
        self.provider = provider
        self.responder = responder or (lambda request: Turn(text="{}"))
        self.faults: list[Turn] = []
        self.requests: list[dict] = []
        self.served_tokens = [0, 0]
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                status, headers, payload, chunks = server._answer(self.path, body)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                data = (
                    b"".join(json.dumps(c).encode() + b"\n" for c in chunks)
                    if chunks is not None
                    else json.dumps(payload).encode()
                )
                kind = "application/x-ndjson" if chunks is not None else "application/json"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # -- what the clients are pointed at ------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The base URL the provider's client takes (OpenAI's includes /v1)."""
        root = f"http://127.0.0.1:{self._httpd.server_port}"
        return f"{root}/v1" if self.provider == "openai" else root

    def __enter__(self) -> ChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # -- answering ------------------------------------------------------------------------------

    def _answer(self, path: str, body: dict) -> tuple[int, dict, Any, list | None]:
        with self._lock:
            self.requests.append({"path": path, **body})
            turn = self.faults.pop(0) if self.faults else None
        if turn is None:
            turn = self.responder(body)
        if turn.delay:
            time.sleep(turn.delay)
        if turn.status != 200:
            error = {"error": {"type": "rate_limit_error", "message": f"scripted {turn.status}"}}
            if self.provider == "anthropic":
                error = {"type": "error", **error}
            return turn.status, turn.headers, error, None
        given = _tokens(prompt_text(body))
        said = _tokens(turn.text + turn.thinking + turn.refusal)
        with self._lock:
            self.served_tokens[0] += given
            self.served_tokens[1] += said
        shape = {"openai": self._openai, "anthropic": self._anthropic, "ollama": self._ollama}
        return shape[self.provider](body, turn, given, said)

    def _openai(self, body: dict, turn: Turn, given: int, said: int):
        message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": None}
        if turn.refusal:
            message["refusal"] = turn.refusal
        elif turn.blocks:
            reasoning = [{"type": "reasoning", "text": turn.thinking}] if turn.thinking else []
            message["content"] = [*reasoning, {"type": "text", "text": turn.text}]
        else:
            message["content"] = turn.text
        if turn.thinking:
            message["reasoning_content"] = turn.thinking  # vLLM's and DeepSeek's field
        payload = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", ""),
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "logprobs": None,
                    "finish_reason": "length" if turn.cut_off else "stop",
                }
            ],
            "usage": {
                "prompt_tokens": given,
                "completion_tokens": said,
                "total_tokens": given + said,
            },
        }
        return 200, turn.headers, payload, None

    def _anthropic(self, body: dict, turn: Turn, given: int, said: int):
        content: list[dict] = []
        if turn.thinking:
            content.append(
                {"type": "thinking", "thinking": turn.thinking, "signature": "c2lnbmF0dXJl"}
            )
        forced = (body.get("tool_choice") or {}).get("name")
        stop = "end_turn"
        if turn.refusal:
            content.append({"type": "text", "text": turn.refusal})
            stop = "refusal"
        elif forced and not turn.cut_off:
            content.append(
                {
                    "type": "tool_use",
                    "id": "toolu_01",
                    "name": forced,
                    "input": json.loads(turn.text),
                }
            )
            stop = "tool_use"
        else:
            content.append({"type": "text", "text": turn.text})
            stop = "max_tokens" if turn.cut_off else "end_turn"
        payload = {
            "id": f"msg_{len(self.requests)}",
            "type": "message",
            "role": "assistant",
            "model": body.get("model", ""),
            "content": content,
            "stop_reason": stop,
            "stop_sequence": None,
            "usage": {"input_tokens": given, "output_tokens": said},
        }
        return 200, turn.headers, payload, None

    def _ollama(self, body: dict, turn: Turn, given: int, said: int):
        text = turn.refusal or turn.text
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if turn.thinking:
            message["thinking"] = turn.thinking
        final = {
            "model": body.get("model", ""),
            "created_at": "2026-01-01T00:00:00Z",
            "message": {"role": "assistant", "content": ""},
            "done": True,
            "done_reason": "length" if turn.cut_off else "stop",
            "total_duration": 1000,
            "prompt_eval_count": given,
            "eval_count": said,
        }
        if not body.get("stream", True):
            return 200, turn.headers, {**final, "message": message}, None
        first = {
            "model": body.get("model", ""),
            "created_at": "2026-01-01T00:00:00Z",
            "message": message,
            "done": False,
        }
        return 200, turn.headers, None, [first, final]


# -- a deterministic model that reads cruxmap's prompts ----------------------------------------

_DOCUMENT = re.compile(r"<document>\n(.*)\n</document>", re.DOTALL)
_PAIR = re.compile(r'<pair n="(\d+)">\n(.*?)\n</pair>', re.DOTALL)
_CLAIM = re.compile(r'<claim id="([AB])" author="[^"]*">\n(.*?)\n</claim>', re.DOTALL)
#: Words in claim B that the stand-in model reads as taking a side on claim A.
_ATTACK = ("however", "but ", "not ", "against", "wrong", "fails", "doubt")
_SUPPORT = ("indeed", "confirms", "agree", "as shown", "consistent with")


def _typed(claims: dict[str, str]) -> dict:
    b = claims.get("B", "")
    low = b.lower()
    for kind, cues in (("attacks", _ATTACK), ("supports", _SUPPORT)):
        for cue in cues:
            at = low.find(cue)
            if at >= 0:
                words = b[at:].split()[:5]
                if len(words) >= 2:
                    return {
                        "type": kind,
                        "rationale": f"Claim B says '{cue.strip()}' about what claim A holds.",
                        "evidence": " ".join(words),
                    }
    why = "Claim B shares the topic of claim A but gives no reason to accept or reject it."
    return {"type": "none", "rationale": why, "evidence": ""}


def analyst_answer(system: str, user: str) -> str:
    """The JSON answer a careful model would give to one of cruxmap's analysis prompts."""
    from assistant.offline.claims import extract_claims

    document = _DOCUMENT.search(user)
    if document is not None:
        claims = [
            {"quote": d.quote, "text": d.text, "kind": d.kind, "hedged": d.hedged}
            for d in extract_claims(document.group(1))
        ]
        return json.dumps({"claims": claims})
    pairs = _PAIR.findall(user)
    if pairs:
        answers = [{"pair": int(n), **_typed(dict(_CLAIM.findall(body)))} for n, body in pairs]
        return json.dumps({"relations": answers})
    return json.dumps(_typed(dict(_CLAIM.findall(user))))


def analyst_responder(request: dict) -> Turn:
    return Turn(text=analyst_answer(system_text(request), last_user_text(request)))
