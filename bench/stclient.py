"""A virtual student: one Streamlit session driven over the websocket, without a browser.

It speaks what the browser's frontend speaks (``/_stcore/stream``, binary protobufs from
``streamlit.proto``): a ``BackMsg.rerun_script`` with the page's query string to open the
page, the same with a widget's new value (a button's ``trigger_value``, a selectbox's
``string_value``, a segmented control's ``string_array_value``) to click, and, for a widget
drawn inside an ``st.fragment``, the fragment's id, so that only the fragment reruns, as in
the browser. It then reads ForwardMsgs until ``script_finished``. Like the browser it keeps
the address bar (``page_info_changed``), caches the large elements the server marks
``cacheable`` and reports their hashes, so the server sends a reference instead of the element
again (``ref_hash``), and keeps the page's element tree (a full run replaces it; a fragment's
run replaces that fragment's elements).

    s = Student("http://127.0.0.1:8501")
    r = s.open("page=step")            # Reply: headings, markdown, ms, bytes
    r = s.click("Step")                # click to script_finished
    s.close()

``Student`` is synchronous over ``websocket-client`` (plain blocking sockets, no thread of its
own), so that Locust's gevent can run a hundred of them in one process (bench/locustfile.py).
``websockets.sync``, which Streamlit installs, runs a reader thread per connection: under
gevent, 60 students' reconnects crashed Locust (libev: "I/O watcher with invalid fd").
"""

from __future__ import annotations

import dataclasses
import time
import urllib.parse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY: "full",
            ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "fragment"}


class _Socket:
    """The websocket: binary frames out, binary frames in within a timeout."""

    def __init__(self, url: str, protocols: list[str], cookie: str, timeout: float):
        import websocket  # websocket-client

        self.ws = websocket.create_connection(
            url, timeout=timeout, subprotocols=protocols,
            header=[f"Cookie: {cookie}"] if cookie else None, enable_multithread=False)

    def send(self, data: bytes) -> None:
        self.ws.send_binary(data)

    def recv(self, timeout: float) -> bytes:
        self.ws.settimeout(timeout)
        data = self.ws.recv()  # answers the server's pings on its own
        if isinstance(data, str):
            raise StudentError("a text frame: Streamlit speaks binary protobufs only")
        return data

    def close(self) -> None:
        self.ws.close(timeout=1)


class StudentError(RuntimeError):
    """The server's reply was not what a browser would show without an error."""


@dataclasses.dataclass
class Reply:
    """What one run sent back: the elements drawn in it, the time and bytes it took."""

    elements: list  # (delta path, element proto), in the order they came
    ms: float  # from sending the BackMsg to script_finished
    nbytes: int  # websocket payload received
    kind: str  # "full" or "fragment"
    exceptions: list[str]
    refs: int = 0  # elements the server did not send again (the client had them cached)

    def texts(self, kind: str) -> list[str]:
        """The bodies of the elements of one type ("heading", "markdown", "alert"...)."""
        return [getattr(e, kind).body for _, e in self.elements if e.WhichOneof("type") == kind]

    def heading(self, prefix: str) -> str | None:
        """The first heading or markdown line that starts with ``prefix`` (``#`` stripped)."""
        for text in self.texts("heading") + self.texts("markdown"):
            line = text.lstrip("#").strip()
            if line.startswith(prefix):
                return line
        return None


class Student:
    """One browser tab's session, spoken over the websocket."""

    def __init__(self, base_url: str, timeout: float = 60.0, color_scheme: str = "light",
                 fetch_page: bool = False):
        """``fetch_page``: load the page's HTML before the websocket, as a browser does (and
        so receive the cookies a load balancer sets, deploy/nginx.conf's sticky key)."""
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.color_scheme = color_scheme
        self.ws = None
        self.session_id = ""
        self.query = ""
        self.page_script_hash = ""
        self.tree: dict[tuple, tuple] = {}  # delta path -> (element, fragment id)
        self.cache: dict[str, ForwardMsg] = {}  # hash -> message, as the frontend's cache
        self.used: dict[str, int] = {}  # hash -> the run it was last used in
        self.runs, self.max_age = 0, 2  # the frontend drops what 2 runs have not used
        self.fetch_page = fetch_page
        self._http = None  # the browser's cookies: a load balancer's, Streamlit's XSRF token

    # -- connection ------------------------------------------------------------------------

    def _connect(self) -> None:
        u = urllib.parse.urlsplit(self.base_url)
        ws_url = f"{'wss' if u.scheme == 'https' else 'ws'}://{u.netloc}{u.path}/_stcore/stream"
        # The frontend's subprotocols: "streamlit", then the XSRF token, then the session id
        # it had (a reconnecting tab asks for its old session back).
        protocols = ["streamlit", self.xsrf or "-", self.session_id] if self.session_id \
            else ["streamlit"]
        cookie = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        self.ws = _Socket(ws_url, protocols, cookie, self.timeout)

    @property
    def http(self):
        """The tab's HTTP session (requests), whose cookies the websocket sends too."""
        if self._http is None:
            import requests

            self._http = requests.Session()
        return self._http

    @property
    def xsrf(self) -> str:
        """Streamlit's XSRF cookie, which the frontend repeats in an upload's header."""
        return self.http.cookies.get("_streamlit_xsrf", "")

    def open(self, query: str = "") -> Reply:
        """Open the page at ``?query`` (a new tab): connect and run the script."""
        self.close()
        self.session_id, self.tree, self.cache, self.used = "", {}, {}, {}
        self.query = query
        if self.fetch_page:
            t0 = time.perf_counter()
            self.http.get(f"{self.base_url}/?{query}", timeout=self.timeout).raise_for_status()
            self.page_ms = (time.perf_counter() - t0) * 1000
        self._connect()
        return self._rerun()

    def reconnect(self) -> Reply:
        """What the frontend does when its websocket drops: connect again, asking for the
        same session, and rerun with the address bar as it is."""
        self.close()
        self._connect()
        return self._rerun()

    def close(self) -> None:
        if self.ws is not None:
            try:
                self.ws.close()
            finally:
                self.ws = None

    # -- the page ---------------------------------------------------------------------------

    def widget(self, label: str, kind: str = "button", nth: int = 0):
        """The widget of type ``kind`` with this label (or the start of its label) on the
        page: (its proto, the id of the fragment it is drawn in, "" if none)."""
        mine = [(getattr(e, kind), frag) for e, frag in self.tree.values()
                if e.WhichOneof("type") == kind]
        # the exact label, else the one label that starts with it (a long uploader's label)
        found = [(w, f) for w, f in mine if w.label == label] or \
            [(w, f) for w, f in mine if w.label.startswith(label)]
        if len(found) <= nth:
            have = sorted({getattr(e, e.WhichOneof("type")).label for e, _ in self.tree.values()
                           if hasattr(getattr(e, e.WhichOneof("type") or "empty"), "label")})
            raise StudentError(f"no {kind} labelled {label!r} on the page; there are {have}")
        return found[nth]

    def click(self, label: str, nth: int = 0) -> Reply:
        """Press the button with this label (its trigger, in its fragment if it has one)."""
        b, frag = self.widget(label, "button", nth)
        msg = BackMsg()
        ws = msg.rerun_script.widget_states.widgets.add()
        ws.id, ws.trigger_value = b.id, True
        return self._rerun(msg, frag)

    def select(self, label: str, option: str) -> Reply:
        """Choose an option (its shown text) of a selectbox."""
        w, frag = self.widget(label, "selectbox")
        if option not in w.options:
            raise StudentError(f"{label!r} has no option {option!r}: {list(w.options)}")
        msg = BackMsg()
        ws = msg.rerun_script.widget_states.widgets.add()
        ws.id, ws.string_value = w.id, option
        return self._rerun(msg, frag)

    def segment(self, label: str, option: str) -> Reply:
        """Choose an option (its shown text) of a segmented control / pills."""
        w, frag = self.widget(label, "button_group")
        msg = BackMsg()
        ws = msg.rerun_script.widget_states.widgets.add()
        ws.id = w.id
        ws.string_array_value.data.append(option)
        return self._rerun(msg, frag)

    def upload(self, label: str, name: str, data: bytes, mime: str = "text/csv") -> Reply:
        """Upload a file to a file uploader, as the frontend does: ask the server for the
        file's URLs (``file_urls_request``), PUT the file there, then rerun with the
        uploader's state naming it."""
        import uuid

        w, frag = self.widget(label, "file_uploader")
        req = BackMsg()
        req.file_urls_request.request_id = rid = uuid.uuid4().hex
        req.file_urls_request.session_id = self.session_id
        req.file_urls_request.file_names.append(name)
        self.ws.send(req.SerializeToString())
        urls = None
        deadline = time.monotonic() + self.timeout
        while urls is None:
            m = ForwardMsg()
            m.ParseFromString(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if m.WhichOneof("type") == "file_urls_response" and \
                    m.file_urls_response.response_id == rid:
                if m.file_urls_response.error_msg:
                    raise StudentError(m.file_urls_response.error_msg)
                urls = m.file_urls_response.file_urls[0]
        upload_url = urllib.parse.urljoin(self.base_url + "/", urls.upload_url.lstrip("/"))
        if not self.xsrf:  # the frontend has it from the health check it polls
            self.http.get(f"{self.base_url}/_stcore/health", timeout=self.timeout)
        r = self.http.put(upload_url, files={"file": (name, data, mime)},
                          headers={"X-Xsrftoken": self.xsrf}, timeout=self.timeout)
        if r.status_code >= 400:
            raise StudentError(f"upload refused: {r.status_code} {r.text[:200]}")
        msg = BackMsg()
        ws = msg.rerun_script.widget_states.widgets.add()
        ws.id = w.id
        info = ws.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = urls.file_id, name, len(data)
        info.file_urls.CopyFrom(urls)
        return self._rerun(msg, frag)

    # -- one run -----------------------------------------------------------------------------

    def _rerun(self, msg: BackMsg | None = None, fragment_id: str = "") -> Reply:
        if msg is None:
            msg = BackMsg()
            msg.rerun_script.SetInParent()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_script_hash = self.page_script_hash
        cs.fragment_id = fragment_id
        cs.cached_message_hashes.extend(self.cache)
        cs.context_info.timezone = "UTC"
        cs.context_info.locale = "en-US"
        cs.context_info.url = f"{self.base_url}/?{self.query}" if self.query else self.base_url
        cs.context_info.color_scheme = self.color_scheme
        t0 = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        return self._collect(t0, fragment_id)

    def _collect(self, t0: float, fragment_id: str) -> Reply:
        elements, exceptions, nbytes, touched, refs = [], [], 0, set(), 0
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise StudentError(f"no script_finished within {self.timeout:.0f} s")
            data = self.ws.recv(timeout=left)
            nbytes += len(data)
            m = ForwardMsg()
            m.ParseFromString(data)
            kind = m.WhichOneof("type")
            if kind == "ref_hash":
                if m.ref_hash not in self.cache:
                    raise StudentError("the server referred to a message this client never had")
                ref = m
                m = ForwardMsg()
                m.CopyFrom(self.cache[ref.ref_hash])
                m.metadata.CopyFrom(ref.metadata)
                kind = "delta"
                self.used[ref.ref_hash] = self.runs
                refs += 1
            elif m.metadata.cacheable and m.hash:
                self.cache[m.hash] = m
                self.used[m.hash] = self.runs
            if kind == "new_session":
                self.session_id = m.new_session.initialize.session_id or self.session_id
                self.max_age = m.new_session.config.max_cached_message_age or self.max_age
                self.page_script_hash = m.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query = m.page_info_changed.query_string
            elif kind == "delta":
                path = tuple(m.metadata.delta_path)
                if m.delta.WhichOneof("type") == "new_element":
                    e = m.delta.new_element
                    elements.append((path, e))
                    self.tree[path] = (e, m.delta.fragment_id)
                    touched.add(path)
                    if e.WhichOneof("type") == "exception":
                        exceptions.append(f"{e.exception.type}: {e.exception.message}")
            elif kind == "script_finished":
                status = m.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a callback asked for a rerun: the next run follows
                if status not in FINISHED:
                    raise StudentError(f"script finished with status {status}")
                run = FINISHED[status]
                if run == "full":
                    self.tree = {p: v for p, v in self.tree.items() if p in touched}
                else:
                    self.tree = {p: v for p, v in self.tree.items()
                                 if p in touched or v[1] != fragment_id}
                ms = (time.perf_counter() - t0) * 1000
                self.runs += 1  # age the cache as the frontend does (global.maxCachedMessageAge)
                for h in [h for h, r in self.used.items() if self.runs - r > self.max_age]:
                    del self.cache[h], self.used[h]
                return Reply(elements, ms, nbytes, run, exceptions, refs)
