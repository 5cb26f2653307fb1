#!/usr/bin/env python3
"""A FastChat-style Python model worker for interop tests: no model, a fixed reply, FastChat's wire protocol.

It registers and heart-beats the way fastchat/serve/base_model_worker.py does, reads the generation parameters and
streams \\0-terminated cumulative JSON chunks the way fastchat/serve/inference.py generate_stream and
model_worker.py generate_stream_gate do, and serves the other worker endpoints of base_model_worker.py. Standard
library only; our own code, not a copy of FastChat's. Each step names the FastChat function it mirrors.

usage: fastchat_worker.py --controller URL --model NAME [--heartbeat-interval SECONDS]
Prints "READY <worker address>" once registered and "REGISTERED" on every (re-)registration.
"""
import argparse
import base64
import http.client
import json
import math
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# The "model": it always answers this, one space-separated word per token, then stops (its EOS).
REPLY_TOKENS = ["Hi!", " I", " am", " a", " FastChat", " Python", " worker."]
CONTEXT_LENGTH = 2048
# fastchat/conversation.py register_conv_template(Conversation(name="vicuna_v1.1", ...)), as
# base_model_worker.py get_conv_template returns it: {"conv": dataclass fields}, sep_style an int (ADD_COLON_TWO = 2).
CONV = {
    "name": "vicuna_v1.1",
    "system_template": "{system_message}",
    "system_message": "A chat between a curious user and an artificial intelligence assistant. "
                      "The assistant gives helpful, detailed, and polite answers to the user's questions.",
    "roles": ["USER", "ASSISTANT"],
    "messages": [],
    "offset": 0,
    "sep_style": 2,
    "sep": " ",
    "sep2": "</s>",
    "stop_str": None,
    "stop_token_ids": None,
}
INTERNAL_ERROR = 50001  # fastchat/constants.py ErrorCode.INTERNAL_ERROR


def count_tokens(text):
    return len(text.split())


def is_partial_stop(output, stop_str):
    """fastchat/utils.py is_partial_stop: the output ends with a prefix of a stop string."""
    for i in range(0, min(len(output), len(stop_str))):
        if stop_str.startswith(output[-i:]):
            return True
    return False


def generate_stream(params):
    """fastchat/serve/inference.py generate_stream: parameter reading and the chunks it yields."""
    prompt = params["prompt"]
    len_prompt = len(prompt)
    float(params.get("temperature", 1.0))
    float(params.get("repetition_penalty", 1.0))
    float(params.get("top_p", 1.0))
    int(params.get("top_k", -1))  # -1 means disable
    max_new_tokens = int(params.get("max_new_tokens", 256))
    logprobs = params.get("logprobs", None)
    echo = bool(params.get("echo", True))
    stop_str = params.get("stop", None)
    stop_token_ids = params.get("stop_token_ids", None) or []
    if not all(isinstance(t, int) for t in stop_token_ids):
        raise ValueError("stop_token_ids must be integers")

    input_echo_len = count_tokens(prompt)
    prompt_tokens = [w + " " for w in prompt.split()]
    output_tokens = []
    token_logprobs = [None]  # "The first token has no logprobs."
    token_logprobs += [-0.25] * (len(prompt_tokens) - 1)
    finish_reason = None
    stopped = False
    output = ""
    ret_logprobs = None
    i = 0
    for i in range(max_new_tokens):
        if i < len(REPLY_TOKENS):
            output_tokens.append(REPLY_TOKENS[i])
            token_logprobs.append(-0.5)
        else:
            stopped = True  # the model's EOS
        generated = "".join(output_tokens)
        output = prompt + generated if echo else generated
        rfind_start = len_prompt if echo else 0
        if logprobs is not None:
            tokens = (prompt_tokens if echo else []) + output_tokens
            ret_logprobs = {
                "text_offset": [],
                "tokens": tokens,
                "token_logprobs": token_logprobs if echo else token_logprobs[len(prompt_tokens):],
                "top_logprobs": [{}] * len(tokens),
            }
            position = 0
            for text in tokens:
                ret_logprobs["text_offset"].append(position)
                position += len(text)
        partially_stopped = False
        if stop_str:
            for each_stop in [stop_str] if isinstance(stop_str, str) else stop_str:
                pos = output.rfind(each_stop, rfind_start)
                if pos != -1:
                    output = output[:pos]
                    stopped = True
                    break
                partially_stopped = is_partial_stop(output, each_stop)
                if partially_stopped:
                    break
        if not partially_stopped:
            yield {
                "text": output,
                "logprobs": ret_logprobs,
                "usage": {"prompt_tokens": input_echo_len, "completion_tokens": i, "total_tokens": input_echo_len + i},
                "finish_reason": None,
            }
        if stopped:
            break
    else:
        finish_reason = "length"
    if stopped:
        finish_reason = "stop"
    yield {
        "text": output,
        "logprobs": ret_logprobs,
        "usage": {"prompt_tokens": input_echo_len, "completion_tokens": i, "total_tokens": input_echo_len + i},
        "finish_reason": finish_reason,
    }


def generate_stream_gate(params):
    """model_worker.py generate_stream_gate: each output as json.dumps(ret).encode() + b"\\0"; errors as one chunk."""
    try:
        for output in generate_stream(params):
            ret = {"text": output["text"], "error_code": 0}
            for key in ("usage", "finish_reason", "logprobs"):
                if key in output:
                    ret[key] = output[key]
            yield json.dumps(ret).encode() + b"\0"
    except (ValueError, RuntimeError, KeyError, TypeError) as e:
        yield json.dumps({"text": f"worker error ({e})", "error_code": INTERNAL_ERROR}).encode() + b"\0"


class Worker:
    def __init__(self, controller_addr, model_name, heartbeat_interval):
        self.controller_addr = controller_addr
        self.model_names = [model_name]
        self.heartbeat_interval = heartbeat_interval
        self.worker_addr = None
        self.active = 0
        self.last_params = None
        self.lock = threading.Lock()

    def get_queue_length(self):
        with self.lock:
            return self.active

    def get_status(self):
        """base_model_worker.py get_status."""
        return {"model_names": self.model_names, "speed": 1, "queue_length": self.get_queue_length()}

    def register_to_controller(self):
        """base_model_worker.py register_to_controller: requests.post(url, json=data); assert status 200."""
        data = {
            "worker_name": self.worker_addr,
            "check_heart_beat": True,
            "worker_status": self.get_status(),
            "multimodal": False,
        }
        status, _ = post_json(self.controller_addr + "/register_worker", data)
        assert status == 200, f"register_worker answered HTTP {status}"
        print("REGISTERED", flush=True)

    def send_heart_beat(self):
        """base_model_worker.py send_heart_beat: retry until the controller answers; register again if exist is false."""
        while True:
            try:
                _, body = post_json(self.controller_addr + "/receive_heart_beat",
                                    {"worker_name": self.worker_addr, "queue_length": self.get_queue_length()}, timeout=5)
                exist = json.loads(body)["exist"]
                break
            except (OSError, KeyError, ValueError) as e:
                print(f"heart beat error: {e}", file=sys.stderr, flush=True)
            time.sleep(self.heartbeat_interval)
        if not exist:
            self.register_to_controller()

    def heart_beat_worker(self):
        """base_model_worker.py heart_beat_worker: sleep WORKER_HEART_BEAT_INTERVAL, beat, forever."""
        while True:
            time.sleep(self.heartbeat_interval)
            self.send_heart_beat()


def post_json(url, payload, timeout=10):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    connection.request("POST", parts.path, body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    return response.status, response.read()


def embed(text):
    """A deterministic unit vector per text (8 dimensions)."""
    vector = [float(len(text)), float(count_tokens(text))] + [float((ord(c) % 7) + 1) for c in (text + "abcdef")[:6]]
    norm = math.sqrt(sum(x * x for x in vector))
    return [x / norm for x in vector]


def make_handler(worker):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # uvicorn answers HTTP/1.1; streams use chunked transfer encoding

        def log_message(self, format, *args):
            pass

        def read_json(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            return json.loads(raw) if raw else {}

        def send_json(self, value, status=200):
            body = json.dumps(value).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def write_chunk(self, data):
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def do_POST(self):
            path = urllib.parse.urlsplit(self.path).path
            if "chunked" in (self.headers.get("Transfer-Encoding") or ""):
                # FastChat's clients (requests / aiohttp json=) send Content-Length; so must ours.
                self.send_json({"detail": "chunked request bodies are not read here"}, status=411)
                self.close_connection = True
                return
            params = self.read_json()
            if path == "/worker_generate_stream":  # base_model_worker.py api_generate_stream (StreamingResponse)
                worker.last_params = params
                with worker.lock:
                    worker.active += 1
                try:
                    self.send_response(200)
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for message in generate_stream_gate(params):
                        # Each message in two network writes: clients must reassemble chunks across reads.
                        half = len(message) // 2
                        self.write_chunk(message[:half])
                        time.sleep(0.002)
                        self.write_chunk(message[half:])
                    self.wfile.write(b"0\r\n\r\n")
                finally:
                    with worker.lock:
                        worker.active -= 1
            elif path == "/worker_generate":  # model_worker.py generate_gate: the last chunk, as JSON
                worker.last_params = params
                last = None
                for last in generate_stream_gate(params):
                    pass
                self.send_json(json.loads(last[:-1].decode()))
            elif path == "/worker_get_embeddings":  # model_worker.py get_embeddings
                vectors = [embed(text) for text in params["input"]]
                if params.get("encoding_format", None) == "base64":
                    vectors = [base64.b64encode(struct.pack(f"<{len(v)}f", *v)).decode("utf-8") for v in vectors]
                self.send_json({"embedding": vectors, "token_num": sum(count_tokens(t) for t in params["input"])})
            elif path == "/worker_get_status":
                self.send_json(worker.get_status())
            elif path == "/count_token":  # base_model_worker.py count_token
                self.send_json({"count": count_tokens(params["prompt"]), "error_code": 0})
            elif path == "/worker_get_conv_template":  # base_model_worker.py get_conv_template
                self.send_json({"conv": CONV})
            elif path == "/model_details":
                self.send_json({"context_length": CONTEXT_LENGTH})
            elif path == "/test_last_params":  # test hook, not FastChat: the last generation body received
                self.send_json(worker.last_params)
            else:
                self.send_json({"detail": "Not Found"}, status=404)  # FastAPI's answer for an unknown route

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--controller", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--heartbeat-interval", type=float, default=45)  # constants.py WORKER_HEART_BEAT_INTERVAL
    args = parser.parse_args()
    worker = Worker(args.controller.rstrip("/"), args.model, args.heartbeat_interval)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(worker))
    server.daemon_threads = True
    worker.worker_addr = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    worker.register_to_controller()  # base_model_worker.py init_heart_beat
    threading.Thread(target=worker.heart_beat_worker, daemon=True).start()
    print(f"READY {worker.worker_addr}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
