"""The README's screenshots, taken from the demo database with headless Chromium.

`python3 tools/odoo_runner.py screenshots` (after `make demo` built the database) serves the demo, logs each
screen's user in through Odoo's JSON-RPC, opens the screen in Chromium through the DevTools protocol
(websocket-client, a test requirement) and saves a PNG per screen in docs/screenshots/; the commercial
invoice is printed by Odoo (wkhtmltopdf) and its first page turned into a PNG with pdftoppm.

Each screen is what its user sees in Chinese: the customer form and the ranking as the sales manager, the
funnel analysis as the general manager, an export order's checklist as the execution clerk, the order's
portal page as the customer's buyer.
"""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar

# an export order under way, with its shipping data: its checklist and its commercial invoice are shown
EXPORT_ORDER = [("execution_step_ids", "!=", False), ("port_of_loading", "!=", False), ("incoterm", "!=", False),
                ("partner_id.commercial_partner_id.trade_channel", "=", "direct_export")]  # fmt: skip
# (file, login, what to open: an action's xml id, optionally a record found by a domain; or the portal order)
SCREENS = [
    ("customer_form.png", "chen.meiling", {"action": "contacts.action_contacts", "record": (
        "res.partner", [("customer_class", "=", "a"), ("is_company", "=", True), ("user_id", "!=", False)])}),
    ("ranking.png", "chen.meiling", {"action": "crm_customer_scoring.action_crm_customer_score"}),
    ("funnel_analysis.png", "huang.zhiqiang", {"action": "crm_customer_scoring.crm_funnel_analysis_action"}),
    ("sales_dynamics.png", "chen.meiling", {"action": "crm_customer_scoring.action_crm_customer_sales_month_flagged"}),
    ("execution_checklist.png", "zhou.min", {"action": "crm_order_execution.action_sale_order_in_execution",
                                             "record": ("sale.order", EXPORT_ORDER), "tab": "execution"}),
    ("portal_order.png", "chan.kaho", {"portal": True}),
]  # fmt: skip
PDF_SCREEN = ("commercial_invoice.png", "crm_order_execution.report_commercial_invoice", "sale.order")
WIDTH, HEIGHT = 1440, 900


class Session:
    """A user's Odoo session: JSON-RPC calls with its cookie."""

    def __init__(self, url, db, login, password):
        self.url = url
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.rpc("/web/session/authenticate", {"db": db, "login": login, "password": password})

    def rpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
        request = urllib.request.Request(self.url + path, body, {"Content-Type": "application/json"})
        with self.opener.open(request, timeout=120) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise RuntimeError(f"{path}: {answer['error']['data']['message']}")
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc("/web/dataset/call_kw", {"model": model, "method": method, "args": list(args),
                                                  "kwargs": kwargs})  # fmt: skip

    def first(self, model, domain):
        ids = self.call(model, "search", domain, limit=1, order="id desc")
        if not ids:
            raise RuntimeError(f"no {model} matching {domain} in the demo")
        return ids[0]

    @property
    def session_id(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "session_id")

    def get(self, path):
        with self.opener.open(self.url + path, timeout=300) as response:
            return response.read()


class Browser:
    """Headless Chromium driven through the DevTools protocol."""

    def __init__(self):
        import websocket  # websocket-client, in requirements-dev.txt

        chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if not chromium:
            raise RuntimeError("chromium not found (Debian's chromium package)")
        self.profile = tempfile.mkdtemp(prefix="crm-ft-shots-")
        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", f"--user-data-dir={self.profile}", f"--window-size={WIDTH},{HEIGHT}",
             "--remote-debugging-port=0", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        port = _devtools_port(os.path.join(self.profile, "DevToolsActivePort"))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            page = next(target for target in json.load(response) if target["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=120)
        self.next_id = 0
        self.send("Page.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1, mobile=False)

    def send(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        return self.send("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def shoot(self, url, session_id, path, ready, tab=None):
        self.send("Network.enable")
        self.send("Network.clearBrowserCookies")
        self.send("Network.setCookie", name="session_id", value=session_id, url=url)
        self.send("Page.navigate", url=url)
        deadline = time.monotonic() + 60
        while not self.evaluate(ready):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url}: the screen did not finish loading")
            time.sleep(0.5)
        if tab:  # a notebook page of the form, by its name
            self.evaluate(f'document.querySelector(".o_notebook a[name={tab}]").click()')
        time.sleep(2)  # charts and avatars drawn after the data arrived
        data = self.send("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def _devtools_port(port_file):
    """The port Chromium writes in its profile once its DevTools server listens."""
    deadline = time.monotonic() + 30
    while True:
        if os.path.exists(port_file):
            with open(port_file, encoding="utf-8") as f:
                content = f.read().split()
            if content:
                return content[0]
        if time.monotonic() > deadline:
            raise RuntimeError("chromium did not start")
        time.sleep(0.2)


# the web client shows a view once its controller is mounted and nothing is loading any more
BACKEND_READY = (
    "!!document.querySelector('.o_action_manager .o_view_controller, .o_action_manager .o_form_view')"
    " && !document.querySelector('.o_loading_indicator, .o_blockUI')"
)
PORTAL_READY = "document.readyState === 'complete'"


def take(url, db, out_dir, log=print):
    """Every screen of SCREENS and the PDF, as PNG files in ``out_dir``; returns their paths."""
    os.makedirs(out_dir, exist_ok=True)
    sessions = {}

    def session(login):
        if login not in sessions:
            sessions[login] = Session(url, db, login, login)  # demo users: password = login
        return sessions[login]

    written = []
    browser = Browser()
    try:
        for name, login, target in SCREENS:
            user = session(login)
            if "portal" in target:
                # the buyer's own confirmed order (the record rules give the portal user only its orders)
                page = f"{url}/my/orders/{user.first('sale.order', [('state', '=', 'sale')])}"
                ready = PORTAL_READY
            else:
                page = f"{url}/odoo/action-{target['action']}"
                if "record" in target:
                    page += f"/{user.first(*target['record'])}"
                ready = BACKEND_READY
            path = os.path.join(out_dir, name)
            browser.shoot(page, user.session_id, path, ready, target.get("tab"))
            log(f"{name}: {page} as {login}")
            written.append(path)
    finally:
        browser.close()
    name, report, model = PDF_SCREEN
    clerk = session("zhou.min")
    record = clerk.first(model, EXPORT_ORDER)
    # wkhtmltopdf loads the report's styles from report.url (else web.base.url, the demo's port 8069, not
    # this server's): pointed at this server while printing, or the PDF comes out without its layout
    admin = session("admin")
    report_url = admin.call("ir.config_parameter", "get_param", "report.url")
    admin.call("ir.config_parameter", "set_param", "report.url", url)
    try:
        pdf_bytes = clerk.get(f"/report/pdf/{report}/{record}")
    finally:
        admin.call("ir.config_parameter", "set_param", "report.url", report_url or False)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "document.pdf")
        with open(pdf, "wb") as f:
            f.write(pdf_bytes)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf,
                        os.path.join(out_dir, name[:-4])], check=True)  # fmt: skip
    log(f"{name}: {report} of {model} {record}, first page")
    written.append(os.path.join(out_dir, name))
    return written
