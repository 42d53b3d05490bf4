"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe``.

No dependency: Chromium reads NUL-terminated JSON commands on fd 3 and writes
responses and events on fd 4. Enough to open a page, record its console errors and
network requests, evaluate JavaScript, take screenshots and print to PDF.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

# The flags the tests run with: headless, no sandbox (containers run as root), and no
# traffic of the browser's own (updates, sync, first-run pages), so that any network
# request seen belongs to the page.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
TIMEOUT = 60.0  # seconds for any one answer; generous, the machine may be busy


def find_chromium() -> str | None:
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


class BrowserError(Exception):
    pass


class Page:
    """One page target, attached in flat mode; events are kept for inspection."""

    def __init__(self, browser: Browser, session_id: str) -> None:
        self.browser = browser
        self.session_id = session_id

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.send(method, session_id=self.session_id, **params)

    @property
    def events(self) -> list[dict[str, Any]]:
        return [e for e in self.browser.events if e.get("sessionId") == self.session_id]

    def open(self, url: str) -> None:
        """Navigate and wait for the load event."""
        self.browser.drain()
        self.send("Page.navigate", url=url)
        self.browser.wait_for_event("Page.loadEventFired", self.session_id)

    def evaluate(self, expression: str) -> Any:
        answer = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in answer:
            raise BrowserError(f"script failed: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors (CSP violations...)."""
        errors = []
        for event in self.events:
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                errors.append(
                    " ".join(
                        str(a.get("value", a.get("description"))) for a in params.get("args", [])
                    )
                )
            elif method == "Runtime.exceptionThrown":
                errors.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                errors.append(params["entry"]["text"])
        return errors

    def requests(self) -> list[str]:
        """URLs the page asked for (the page's own file: URL included)."""
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]

    def screenshot(self, path: Path, *, full_page: bool = False) -> Path:
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            params["clip"] = {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", **params)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def pdf_pages(self) -> tuple[bytes, int]:
        """The page printed to PDF, and its number of pages."""
        data = self.pdf()
        return data, len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))

    def pdf(self) -> bytes:
        answer = self.send("Page.printToPDF", printBackground=True, preferCSSPageSize=True)
        return base64.b64decode(answer["data"])


class Browser:
    def __init__(self, process: subprocess.Popen[bytes], writer: int, reader: int) -> None:
        self.process = process
        self._writer = writer
        self._reader = reader
        self._next_id = 0
        self._answers: queue.Queue[dict[str, Any]] = queue.Queue()
        self.events: list[dict[str, Any]] = []
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._reader, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                self._answers.put({"closed": True})
                return
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                self._answers.put(json.loads(message))

    def send(self, method: str, session_id: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        command: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session_id:
            command["sessionId"] = session_id
        os.write(self._writer, json.dumps(command).encode() + b"\0")
        while True:
            message = self._get()
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for_event(self, method: str, session_id: str) -> dict[str, Any]:
        for event in self.events:
            if event["method"] == method and event.get("sessionId") == session_id:
                return event
        while True:
            message = self._get()
            if message.get("method") == method and message.get("sessionId") == session_id:
                return message

    def drain(self) -> None:
        while True:
            try:
                self._keep(self._answers.get_nowait())
            except queue.Empty:
                return

    def _get(self) -> dict[str, Any]:
        try:
            message = self._answers.get(timeout=TIMEOUT)
        except queue.Empty:
            raise BrowserError(f"Chromium did not answer within {TIMEOUT:.0f} s") from None
        if message.get("closed"):
            raise BrowserError("Chromium closed the DevTools pipe (did it crash?)")
        return self._keep(message)

    def _keep(self, message: dict[str, Any]) -> dict[str, Any]:
        if "method" in message:
            self.events.append(message)
        return message

    def new_page(self, width: int = 1280, height: int = 900) -> Page:
        """A fresh tab, its events recorded from the start."""
        target_id = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target_id, flatten=True)
        result = Page(self, session["sessionId"])
        for domain in ("Page", "Runtime", "Log", "Network"):
            result.send(f"{domain}.enable")
        result.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        return result


def _dup_high(fd: int) -> int:
    return fcntl.fcntl(fd, fcntl.F_DUPFD, 10)


@contextmanager
def launch(executable: str, profile: Path) -> Iterator[Browser]:
    """Start headless Chromium with a fresh profile; always stop it afterwards."""
    commands_read, commands_write = os.pipe()
    answers_read, answers_write = os.pipe()

    def wire_pipes() -> None:  # in the child: fd 3 reads commands, fd 4 writes answers
        high_read, high_write = _dup_high(commands_read), _dup_high(answers_write)
        os.dup2(high_read, 3)
        os.dup2(high_write, 4)

    log = (profile.parent / "chromium.log").open("wb")
    process = subprocess.Popen(
        [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        pass_fds=(3, 4),
        preexec_fn=wire_pipes,
    )
    os.close(commands_read)
    os.close(answers_write)
    browser = Browser(process, commands_write, answers_read)
    try:
        yield browser
    finally:
        with suppress(BrowserError, OSError):
            browser.send("Browser.close")
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        os.close(commands_write)
        os.close(answers_read)
        log.close()
