from __future__ import annotations

import pytest
from sleepy_serving.errors import error_message
from sleepy_serving.streams import iter_ndjson, iter_sse, iter_sse_json

from sleepy.errors import BackendError


def test_sse_events_comments_crlf_and_multiline_data():
    lines = [": keep-alive", "", "data: {\"a\": 1}\r", "\r", "event: message", "data: line one", "data: line two", "",
             "data:no-space", ""]
    assert list(iter_sse(lines)) == ['{"a": 1}', "line one\nline two", "no-space"]


def test_sse_last_event_without_blank_line_is_delivered():
    assert list(iter_sse(["data: x"])) == ["x"]


def test_sse_json_stops_at_done_and_rejects_garbage():
    assert list(iter_sse_json(["data: {\"a\": 1}", "", "data: [DONE]", "", "data: {\"b\": 2}", ""], "S")) == [{"a": 1}]
    with pytest.raises(BackendError, match="S sent a stream line that is not JSON"):
        list(iter_sse_json(["data: nope", ""], "S"))


def test_ndjson_skips_blank_lines():
    assert list(iter_ndjson(['{"a": 1}', "", '{"b": 2}'], "Ollama")) == [{"a": 1}, {"b": 2}]
    with pytest.raises(BackendError, match="not a JSON object"):
        list(iter_ndjson(["[1]"], "Ollama"))


@pytest.mark.parametrize(("body", "message"), [
    ({"error": {"message": "The model `x` does not exist.", "type": "NotFoundError", "code": 404}},
     "The model `x` does not exist."),  # vLLM / OpenAI
    ({"object": "error", "message": "old vLLM", "type": "BadRequestError"}, "old vLLM"),
    ({"error": "model 'x' not found"}, "model 'x' not found"),  # Ollama
    ({"error": "Input validation error: `inputs` must not be empty", "error_type": "validation"},
     "Input validation error: `inputs` must not be empty (validation)"),  # TGI
    ({"detail": "Not Found"}, "Not Found"),  # FastAPI router
    ({"detail": [{"msg": "field required"}, {"msg": "bad"}]}, "field required; bad"),
    ("Internal\nServer  Error", "Internal Server Error"),
    ("", "(empty body)"),
])
def test_error_message_of_every_server(body, message):
    assert error_message(body) == message
