#!/usr/bin/env python3
"""Plays FastChat's Python side against OUR controller and OUR model worker.

Every call below is made the way FastChat's own Python code makes it (same URL, same JSON body, same parsing of
the answer); each step names the FastChat file and function it mirrors (lm-sys/FastChat, fastchat/...). Only the
standard library is used, so this runs wherever python3 does. This is our own code, not a copy of FastChat's.

usage: fastchat_client.py --controller URL --model NAME [--worker URL]
Exits 0 and prints "OK ..." when everything matched; exits 1 with the first mismatch otherwise.
"""
import argparse
import base64
import http.client
import json
import math
import struct
import sys
import urllib.parse

# fastchat/constants.py: WORKER_API_TIMEOUT, WORKER_API_EMBEDDING_BATCH_SIZE and class ErrorCode(IntEnum).
WORKER_API_TIMEOUT = 100
WORKER_API_EMBEDDING_BATCH_SIZE = 4
ERROR_CODES = {
    40001: "VALIDATION_TYPE_ERROR", 40101: "INVALID_AUTH_KEY", 40102: "INCORRECT_AUTH_KEY", 40103: "NO_PERMISSION",
    40301: "INVALID_MODEL", 40302: "PARAM_OUT_OF_RANGE", 40303: "CONTEXT_OVERFLOW", 42901: "RATE_LIMIT",
    42902: "QUOTA_EXCEEDED", 42903: "ENGINE_OVERLOADED", 50001: "INTERNAL_ERROR", 50002: "CUDA_OUT_OF_MEMORY",
    50003: "GRADIO_REQUEST_ERROR", 50004: "GRADIO_STREAM_UNKNOWN_ERROR", 50005: "CONTROLLER_NO_WORKER",
    50006: "CONTROLLER_WORKER_TIMEOUT",
}
CONTROLLER_NO_WORKER = 50005
CONTEXT_OVERFLOW = 40303
# fastchat/conversation.py: SeparatorStyle is an IntEnum of auto() values, ADD_COLON_SINGLE = 1 ... DEFAULT = 23.
ADD_COLON_SINGLE, ADD_COLON_TWO, NO_COLON_SINGLE = 1, 2, 4
SEPARATOR_STYLES = range(1, 24)

NO_BODY = object()
checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        print(f"MISMATCH: {message}", file=sys.stderr)
        sys.exit(1)


def open_post(url, payload=NO_BODY, timeout=WORKER_API_TIMEOUT):
    """POST like requests.post(url, json=payload) / aiohttp session.post(url, json=payload); NO_BODY = no body at all."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    headers = {"User-Agent": "FastChat API Server"}  # openai_api_server.py: headers
    body = None
    if payload is not NO_BODY:
        body = json.dumps(payload).encode()
        headers["Content-Type"] = "application/json"
    connection.request("POST", parts.path, body=body, headers=headers)
    return connection.getresponse()


def fetch_remote(url, pload=NO_BODY, name=None):
    """openai_api_server.py fetch_remote: non-200 becomes an INTERNAL_ERROR body; name picks one key of the JSON."""
    response = open_post(url, pload)
    output = response.read()
    if response.status != 200:
        return json.dumps({"text": f"{response.reason}", "error_code": 50001})
    if name is not None:
        result = json.loads(output)
        return result[name] if name != "" else result
    return output


def generate_completion_stream(payload, worker_addr):
    """openai_api_server.py generate_completion_stream: buffer the raw bytes, cut at each b"\\0", json.loads each."""
    response = open_post(worker_addr + "/worker_generate_stream", payload)
    check(response.status == 200, f"worker_generate_stream answered HTTP {response.status}")
    delimiter = b"\0"
    buffer = b""
    while True:
        raw_chunk = response.read1(65536)  # httpx aiter_raw: whatever the network delivered
        if not raw_chunk:
            break
        buffer += raw_chunk
        while (chunk_end := buffer.find(delimiter)) >= 0:
            chunk, buffer = buffer[:chunk_end], buffer[chunk_end + 1:]
            if not chunk:
                continue
            yield json.loads(chunk.decode())
    # FastChat drops bytes after the last \0 silently: every chunk must end with one.
    check(buffer == b"", f"the stream ended with an unterminated chunk: {buffer[:80]!r}")


def split_chunks(content):
    """openai_api_server.py chat_completion (older) / controller.py iter_lines(delimiter=b"\\0"): split the whole body."""
    return [json.loads(chunk.decode()) for chunk in content.split(b"\0") if chunk]


class Conversation:
    """The fields openai_api_server.py get_gen_params reads from worker_get_conv_template's conv, and get_prompt
    (fastchat/conversation.py) for the separator styles this check renders itself."""

    def __init__(self, conv):
        # get_gen_params builds Conversation(name=conv["name"], ...): every key must be present.
        self.name = conv["name"]
        self.system_template = conv["system_template"]
        self.system_message = conv["system_message"]
        self.roles = conv["roles"]
        self.messages = list(conv["messages"])  # "prevent in-place modification"
        self.offset = conv["offset"]
        self.sep_style = conv["sep_style"]
        self.sep = conv["sep"]
        self.sep2 = conv["sep2"]
        self.stop_str = conv["stop_str"]
        self.stop_token_ids = conv["stop_token_ids"]

    def append_message(self, role, message):
        self.messages.append([role, message])

    def get_prompt(self):
        system_prompt = self.system_template.format(system_message=self.system_message)
        if self.sep_style == ADD_COLON_SINGLE:
            ret = system_prompt + self.sep
            for role, message in self.messages:
                ret += role + ": " + message + self.sep if message else role + ":"
            return ret
        if self.sep_style == ADD_COLON_TWO:
            seps = [self.sep, self.sep2]
            ret = system_prompt + seps[0]
            for i, (role, message) in enumerate(self.messages):
                ret += role + ": " + message + seps[i % 2] if message else role + ":"
            return ret
        if self.sep_style == NO_COLON_SINGLE:
            ret = system_prompt
            for role, message in self.messages:
                ret += role + message + self.sep if message else role
            return ret
        return None  # a style this check does not render


def add_to_set(s, new_stop):
    """openai_api_server.py _add_to_set."""
    if not s:
        return
    if isinstance(s, str):
        new_stop.add(s)
    else:
        new_stop.update(s)


def get_gen_params(model_name, conv, messages, *, temperature, top_p, top_k, max_tokens, echo, logprobs, stop):
    """openai_api_server.py get_gen_params: the body FastChat's API server posts to worker_generate(_stream)."""
    if isinstance(messages, str):
        prompt = messages
    else:
        for message in messages:
            if message["role"] == "system":
                conv.system_message = message["content"]  # set_system_message
            elif message["role"] == "user":
                conv.append_message(conv.roles[0], message["content"])
            else:
                conv.append_message(conv.roles[1], message["content"])
        conv.append_message(conv.roles[1], None)
        prompt = conv.get_prompt()
    gen_params = {
        "model": model_name, "prompt": prompt, "temperature": temperature, "logprobs": logprobs, "top_p": top_p,
        "top_k": top_k, "presence_penalty": 0.0, "frequency_penalty": 0.0, "max_new_tokens": max_tokens,
        "echo": echo, "stop_token_ids": conv.stop_token_ids,
    }
    new_stop = set()
    add_to_set(stop, new_stop)
    add_to_set(conv.stop_str, new_stop)
    gen_params["stop"] = list(new_stop)
    return gen_params


def check_stream(chunks, gen_params, token_num, what):
    """What FastChat's consumers rely on: error_code 0, cumulative text, usage in each chunk (inference.py
    generate_stream yields it every time), finish_reason only on the last chunk."""
    check(len(chunks) >= 1, f"{what}: no chunks")
    previous = ""
    for i, content in enumerate(chunks):
        check(content.get("error_code") == 0, f"{what}: chunk {i} has error_code {content.get('error_code')}: {content.get('text')}")
        check(isinstance(content.get("text"), str), f"{what}: chunk {i} has no text")
        check(content["text"].startswith(previous), f"{what}: chunk {i} text is not cumulative: {previous!r} -> {content['text']!r}")
        previous = content["text"]
        usage = content.get("usage")
        check(isinstance(usage, dict), f"{what}: chunk {i} has no usage: {content}")
        check(usage["prompt_tokens"] == token_num, f"{what}: usage.prompt_tokens {usage['prompt_tokens']} != count_token {token_num}")
        check(usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"], f"{what}: usage totals disagree: {usage}")
        check(usage["completion_tokens"] <= gen_params["max_new_tokens"], f"{what}: more tokens than max_new_tokens: {usage}")
        if i < len(chunks) - 1:
            check(content.get("finish_reason") is None, f"{what}: finish_reason before the last chunk: {content}")
    check(chunks[-1].get("finish_reason") in ("stop", "length"), f"{what}: last finish_reason {chunks[-1].get('finish_reason')!r}")


def sse_deltas(chunks):
    """openai_api_server.py chat_completion_stream_generator: the delta text of each streamed chunk."""
    previous_text, deltas = "", []
    for content in chunks:
        decoded_unicode = content["text"].replace("\ufffd", "")
        delta_text = decoded_unicode[len(previous_text):]
        previous_text = decoded_unicode if len(decoded_unicode) > len(previous_text) else previous_text
        if delta_text:
            deltas.append(delta_text)
    return deltas


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--controller", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--worker")
    args = parser.parse_args()
    controller, model = args.controller.rstrip("/"), args.model

    # openai_api_server.py show_available_models: refresh_all_workers, then list_models (both without a body).
    response = open_post(controller + "/refresh_all_workers")
    response.read()
    check(response.status == 200, f"refresh_all_workers answered HTTP {response.status}")
    models = fetch_remote(controller + "/list_models", NO_BODY, "models")
    check(model in models, f"list_models {models} lacks {model}")
    # gradio_web_server.py get_model_list: list_language_models / list_multimodal_models.
    check(model in fetch_remote(controller + "/list_language_models", NO_BODY, "models"), "list_language_models lacks the model")
    check(model not in fetch_remote(controller + "/list_multimodal_models", NO_BODY, "models"), "a language model is listed as multimodal")

    # openai_api_server.py get_worker_address: {"model"} -> {"address"}, "" when no worker serves the model.
    worker_addr = fetch_remote(controller + "/get_worker_address", {"model": model}, "address")
    check(worker_addr != "", "get_worker_address returned no worker")
    if args.worker:
        check(worker_addr == args.worker.rstrip("/"), f"get_worker_address {worker_addr} != {args.worker}")
    check(fetch_remote(controller + "/get_worker_address", {"model": "no-such-model"}, "address") == "",
          "get_worker_address of an unknown model is not \"\"")

    # base_model_worker.py send_heart_beat: {"worker_name", "queue_length"} -> {"exist"}; false makes it register again.
    check(fetch_remote(controller + "/receive_heart_beat", {"worker_name": "http://127.0.0.1:9", "queue_length": 0}, "exist") is False,
          "receive_heart_beat of an unknown worker did not answer exist: false")

    # controller.py get_worker_status: requests.post(worker_name + "/worker_get_status", timeout=5), no body.
    status = json.loads(fetch_remote(worker_addr + "/worker_get_status"))
    check(model in status["model_names"], f"worker_get_status model_names {status['model_names']}")
    check(isinstance(status["speed"], int) and status["speed"] > 0, f"worker_get_status speed {status['speed']!r}")
    check(isinstance(status["queue_length"], int) and status["queue_length"] >= 0, f"worker_get_status queue_length {status['queue_length']!r}")

    # openai_api_server.py get_conv: fetch_remote(worker + "/worker_get_conv_template", {"model"}, "conv").
    conv_json = fetch_remote(worker_addr + "/worker_get_conv_template", {"model": model}, "conv")
    conv = Conversation(conv_json)
    check(conv.sep_style in SEPARATOR_STYLES, f"sep_style {conv.sep_style!r} is not a SeparatorStyle value")
    check(isinstance(conv.roles, list) and len(conv.roles) == 2, f"roles {conv.roles!r}")
    check(conv.stop_token_ids is None or all(isinstance(i, int) for i in conv.stop_token_ids), "stop_token_ids")
    check(conv.stop_str is None or isinstance(conv.stop_str, (str, list)), "stop_str")

    messages = [{"role": "user", "content": "Hello"}]
    gen_params = get_gen_params(model, conv, messages, temperature=0.0, top_p=1.0, top_k=-1, max_tokens=12,
                                echo=False, logprobs=None, stop=None)
    prompt = gen_params["prompt"]
    if prompt is not None:
        # The prompt FastChat builds from our wire template equals the one our worker renders itself
        # (worker_apply_chat_template is our extension; FastChat never calls it).
        ours = json.loads(fetch_remote(worker_addr + "/worker_apply_chat_template", {"messages": messages}))
        check(ours["prompt"] == prompt, f"prompt from the wire template {prompt!r} != worker's {ours['prompt']!r}")
    else:
        prompt = gen_params["prompt"] = "Once upon a time"

    # openai_api_server.py check_length: model_details and count_token, both with the model in the body.
    context_len = fetch_remote(worker_addr + "/model_details", {"model": model}, "context_length")
    check(isinstance(context_len, int) and context_len > 0, f"model_details context_length {context_len!r}")
    count = json.loads(fetch_remote(worker_addr + "/count_token", {"model": model, "prompt": prompt}))
    check(count["error_code"] == 0 and isinstance(count["count"], int) and count["count"] > 0, f"count_token {count}")
    token_num = count["count"]
    gen_params["max_new_tokens"] = min(gen_params["max_new_tokens"], context_len - token_num)

    # openai_api_server.py chat_completion_stream_generator <- generate_completion_stream.
    chunks = list(generate_completion_stream(gen_params, worker_addr))
    check_stream(chunks, gen_params, token_num, "worker_generate_stream")
    final_text = chunks[-1]["text"]
    check("".join(sse_deltas(chunks)) == final_text, "the SSE deltas do not add up to the final text")

    # openai_api_server.py generate_completion: fetch_remote(worker + "/worker_generate", payload, "") -> last chunk.
    content = fetch_remote(worker_addr + "/worker_generate", gen_params, "")
    check(content["error_code"] == 0, f"worker_generate error {content}")
    check(content["text"] == final_text, f"worker_generate text {content['text']!r} != streamed {final_text!r}")
    check(content.get("finish_reason", "stop") == chunks[-1]["finish_reason"], "worker_generate finish_reason")
    usage = content["usage"]  # UsageInfo.parse_obj(content["usage"])
    check(all(isinstance(usage[k], int) for k in ("prompt_tokens", "completion_tokens", "total_tokens")), f"usage {usage}")

    # openai_api_server.py create_completion: a raw prompt with echo and logprobs (LogProbs(**content["logprobs"])).
    completion_params = get_gen_params(model, Conversation(conv_json), "Once upon a time", temperature=0.0, top_p=1.0,
                                       top_k=-1, max_tokens=4, echo=True, logprobs=1, stop=None)
    completion_tokens = json.loads(fetch_remote(worker_addr + "/count_token", {"model": model, "prompt": "Once upon a time"}))["count"]
    chunks = list(generate_completion_stream(completion_params, worker_addr))
    check_stream(chunks, completion_params, completion_tokens, "completion with echo")
    check(chunks[-1]["text"].startswith("Once upon a time"), f"echo: text {chunks[-1]['text']!r} lacks the prompt")
    logprobs = chunks[-1].get("logprobs")
    check(isinstance(logprobs, dict), f"logprobs missing: {chunks[-1]}")
    n = len(logprobs["tokens"])
    check(n > 0 and all(isinstance(t, str) for t in logprobs["tokens"]), "logprobs.tokens")
    check(len(logprobs["text_offset"]) == n and all(isinstance(o, int) for o in logprobs["text_offset"]), "logprobs.text_offset")
    check(len(logprobs["token_logprobs"]) == n and all(p is None or isinstance(p, (int, float)) for p in logprobs["token_logprobs"]),
          "logprobs.token_logprobs")
    check(len(logprobs["top_logprobs"]) == n and all(t is None or isinstance(t, dict) for t in logprobs["top_logprobs"]),
          "logprobs.top_logprobs")

    # A body FastChat sends without echo gets FastChat's default, echo = True (inference.py generate_stream).
    no_echo_key = {k: v for k, v in completion_params.items() if k not in ("echo", "logprobs")}
    check(fetch_remote(worker_addr + "/worker_generate", no_echo_key, "")["text"].startswith("Once upon a time"),
          "a request without echo did not echo the prompt (FastChat's default is echo = True)")

    # Errors are one chunk with a non-zero FastChat ErrorCode (HTTP 200); the API server turns it into an error.
    overflow = dict(gen_params, max_new_tokens=context_len * 4)
    chunks = list(generate_completion_stream(overflow, worker_addr))
    check(len(chunks) == 1 and chunks[0]["error_code"] == CONTEXT_OVERFLOW and chunks[0]["text"],
          f"context overflow: {chunks}")

    # controller.py worker_api_generate_stream: the controller relays the worker's chunks.
    response = open_post(controller + "/worker_generate_stream", gen_params)
    relayed = split_chunks(response.read())
    check(relayed and relayed[-1]["text"] == final_text, f"the controller's relay gave {relayed[-1:]}")
    response = open_post(controller + "/worker_generate_stream", dict(gen_params, model="no-such-model"))
    relayed = split_chunks(response.read())
    check(len(relayed) == 1 and relayed[0]["error_code"] == CONTROLLER_NO_WORKER, f"relay without a worker gave {relayed}")

    # openai_api_server.py create_embeddings / get_embedding: batches of WORKER_API_EMBEDDING_BATCH_SIZE inputs,
    # payload {"model", "input", "encoding_format"}; the answer is json.loads'd and "embedding"/"token_num" read.
    inputs = ["Once upon a time", "there was a cat", "Hello", "Bye", "The end"]
    batches = [inputs[i:i + WORKER_API_EMBEDDING_BATCH_SIZE] for i in range(0, len(inputs), WORKER_API_EMBEDDING_BATCH_SIZE)]
    floats = []
    for batch in batches:
        embedding = json.loads(fetch_remote(worker_addr + "/worker_get_embeddings",
                                            {"model": model, "input": batch, "encoding_format": None}))
        check("error_code" not in embedding or embedding["error_code"] == 0, f"worker_get_embeddings error {embedding}")
        check(len(embedding["embedding"]) == len(batch), "one embedding per input")
        check(isinstance(embedding["token_num"], int) and embedding["token_num"] > 0, "token_num")
        for vector in embedding["embedding"]:
            check(abs(math.sqrt(sum(x * x for x in vector)) - 1) < 1e-3, "embeddings are unit length")
        floats += embedding["embedding"]
    # encoding_format "base64" (model_worker.py get_embeddings -> __encode_base64): float32 bytes, base64 per input.
    encoded = json.loads(fetch_remote(worker_addr + "/worker_get_embeddings",
                                      {"model": model, "input": inputs[:2], "encoding_format": "base64"}))["embedding"]
    for vector, text in zip(floats, encoded):
        check(isinstance(text, str), f"base64 embedding is a {type(text).__name__}")
        raw = base64.b64decode(text)
        decoded = struct.unpack(f"<{len(raw) // 4}f", raw)
        check(len(decoded) == len(vector) and all(abs(a - b) < 1e-5 for a, b in zip(decoded, vector)), "base64 != float embedding")

    # controller.py test_connection (GET).
    parts = urllib.parse.urlsplit(controller)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", "/test_connection")
    check(json.loads(connection.getresponse().read()) == "success", "test_connection")

    print(f"OK {checks} checks; model {model} at {worker_addr}; reply {final_text!r}")


if __name__ == "__main__":
    main()
