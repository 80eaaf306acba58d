"""Screenshots of the main screens, in Chinese, from a running demo.

Usage: python3 scripts/screenshots.py [http://localhost:8069] [database]
(start the demo with `make run` first). Drives headless Chromium through the
DevTools protocol (python3-websocket, which Odoo's tours use too) and writes
PNG files to static/description/.
"""

import base64
import json
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

HERE = Path(__file__).resolve().parent.parent
OUT = HERE / "static" / "description"
URL = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8069"
DB = sys.argv[2] if len(sys.argv) > 2 else "joint_meeting"
PORT = 9333

# (file, login, path, wait for this CSS selector[, (width, height) of a phone])
SHOTS = [
    (
        "screenshot_workbench.png",
        "jm_leader",
        "/odoo/action-joint_meeting.joint_meeting_todo_action",
        ".o_kanban_record",
    ),
    (
        "screenshot_workbench_phone.png",
        "jm_hrss",
        "/odoo/action-joint_meeting.joint_meeting_todo_action",
        ".o_kanban_record",
        (390, 844),
    ),
    (
        "screenshot_meetings_kanban.png",
        "jm_office",
        "/odoo/action-joint_meeting.joint_meeting_action?view_type=kanban",
        ".o_kanban_record",
    ),
    (
        "screenshot_meeting_form.png",
        "jm_office",
        "/odoo/action-joint_meeting.joint_meeting_action/{meeting}",
        ".o_form_view .o_field_widget[name=name]",
    ),
    (
        "screenshot_agreed_matters.png",
        "jm_supervisor",
        "/odoo/action-joint_meeting.joint_meeting_resolution_action",
        ".o_list_view .o_data_row",
    ),
    (
        "screenshot_dashboard.png",
        "jm_supervisor",
        "/odoo/action-joint_meeting.joint_meeting_resolution_action_dashboard",
        ".o_graph_renderer canvas",
    ),
    (
        "screenshot_compliance.png",
        "jm_supervisor",
        "/odoo/action-joint_meeting.joint_meeting_action_compliance",
        ".o_list_view .o_data_row",
    ),
]


def rpc(path, params, cookie=None):
    request = urllib.request.Request(
        URL + path,
        data=json.dumps({"jsonrpc": "2.0", "params": params}).encode(),
        headers={"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {})},
    )
    with urllib.request.urlopen(request) as response:
        session = response.headers.get("Set-Cookie", "").split(";")[0]
        return json.load(response), session


def login(user):
    result, cookie = rpc("/web/session/authenticate", {"db": DB, "login": user, "password": user})
    if result.get("error"):
        raise SystemExit(f"cannot log in as {user}: {result['error']}")
    return cookie.split("=", 1)[1]


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp()
        self.process = subprocess.Popen(
            [
                "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--lang=zh-CN",
                f"--remote-debugging-port={PORT}",
                f"--user-data-dir={self.profile}",
                "--window-size=1440,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _attempt in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/json") as response:
                    pages = [p for p in json.load(response) if p["type"] == "page"]
                break
            except OSError:
                time.sleep(0.2)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"])
        self.counter = 0

    def send(self, method, **params):
        self.counter += 1
        self.ws.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def close(self):
        self.ws.close()
        self.process.terminate()


def main():
    meeting = None
    browser = Browser()
    # The web client shows times in the browser's zone: a browser in the
    # district's zone, as its civil servants' are (headless Chromium is UTC).
    browser.send("Emulation.setTimezoneOverride", timezoneId="Asia/Shanghai")
    browser.send(
        "Emulation.setDeviceMetricsOverride",
        width=1440,
        height=900,
        deviceScaleFactor=1,
        mobile=False,
    )
    try:
        for name, user, path, selector, *phone in SHOTS:
            width, height = phone[0] if phone else (1440, 900)
            browser.send(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=bool(phone),
            )
            session = login(user)
            if meeting is None:
                result, _cookie = rpc(
                    "/web/dataset/call_kw",
                    {
                        "model": "joint.meeting",
                        "method": "search_read",
                        "args": [[["state", "=", "collecting"]], ["id"]],
                        "kwargs": {"limit": 1},
                    },
                    cookie=f"session_id={session}",
                )
                meeting = result["result"][0]["id"]
            browser.send("Network.enable")
            browser.send("Network.clearBrowserCookies")
            browser.send(
                "Network.setCookie",
                name="session_id",
                value=session,
                url=URL,
            )
            browser.send("Page.navigate", url=URL + path.format(meeting=meeting))
            for _attempt in range(100):
                if browser.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
                    break
                time.sleep(0.2)
            else:
                raise SystemExit(f"{name}: {selector} not found")
            time.sleep(1.5)  # animations, charts
            browser.evaluate(
                "document.querySelectorAll('.o_notification').forEach((n) => n.remove())"
            )
            shot = browser.send("Page.captureScreenshot", format="png")
            (OUT / name).write_bytes(base64.b64decode(shot["data"]))
            print("wrote", OUT / name)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
