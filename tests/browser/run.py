#!/usr/bin/python3
"""gdtrace serve's page in headless Chromium (make test-browser).

    tests/browser/run.py BUILD_DIR

Starts BUILD_DIR/gdtrace serve on a free localhost port and Debian's
chromedriver on another, and drives /usr/bin/chromium through the
WebDriver protocol (plain HTTP and JSON, Python's standard library only):
load the page, wait for the first map, zoom twice (the wheel, then the
keyboard), click a point, zoom 48 times more until the page switches to
certified outcomes by itself, choose a loss of two parameters (lr_a x
lr_b) and click a point of it, the tanh example on its built-in data set,
binary16, bfloat16, binary32 and binary64 at the home window (each its
own map) and zoomed in (binary16 past its ulp: mpfr), the layout at
1280 x 800 and at a phone's 412 px, and assert on the page's state
(window.gdt): the tiles drawn, the window halved at each zoom, the note,
the legend, the command lines, the trajectory panel filled and cleared,
no console error.  The screenshots go to BUILD_DIR/browser/.
Ends with "browser: N passed, M failed"."""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

B = sys.argv[1] if len(sys.argv) > 1 else "build"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.chdir(ROOT)
SHOTS = os.path.join(B, "browser")
TIMEOUT = 180  # seconds for any one wait
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS browser: " + name)
    else:
        failed += 1
        print("FAIL browser: " + name + (": " + detail if detail else ""))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def http(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
            return json.loads(r.read().decode() or "null")
    except urllib.error.HTTPError as e:
        return json.loads(e.read().decode() or "null")


class Driver:
    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port

    def start(self, profile):
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,1400"]
        r = http("POST", self.base + "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args},
            "goog:loggingPrefs": {"browser": "ALL"}}}})
        self.sid = r["value"]["sessionId"]
        self.s = self.base + "/session/" + self.sid

    def cmd(self, method, path, body=None):
        r = http(method, self.s + path, body)
        v = r.get("value") if isinstance(r, dict) else None
        if isinstance(v, dict) and "error" in v:
            raise RuntimeError("%s %s: %s" % (method, path, v.get("message", v["error"])))
        return v

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def wait(self, script, what):
        end = time.time() + TIMEOUT
        while time.time() < end:
            v = self.js(script)
            if v:
                return v
            time.sleep(0.2)
        raise RuntimeError("timed out waiting for " + what)

    def shot(self, name):
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(os.path.join(SHOTS, name), "wb") as f:
            f.write(png)
        return len(png)

    def element(self, css):
        v = self.cmd("POST", "/element", {"using": "css selector", "value": css})
        return list(v.values())[0]

    def actions(self, actions):
        self.cmd("POST", "/actions", {"actions": actions})
        self.cmd("DELETE", "/actions")

    def quit(self):
        try:
            http("DELETE", self.s)
        except Exception:
            pass


def width(w):
    from fractions import Fraction
    return Fraction(w[1]) - Fraction(w[0])


def main():
    os.makedirs(SHOTS, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="gdtrace-chromium-")
    server = subprocess.Popen([os.path.join(B, "gdtrace"), "serve", "--port", "0", "--quiet",
                               "--threads", "2", "--queue", "32"],
                              stdout=subprocess.PIPE, text=True)
    dport = free_port()
    driver = subprocess.Popen(["chromedriver", "--port=%d" % dport],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    d = Driver(dport)
    try:
        line = server.stdout.readline().split()
        url = line[2] if len(line) == 3 else None
        check("the server started", url is not None, " ".join(line))
        if url is None:
            return
        end = time.time() + 60
        while time.time() < end:
            try:
                if http("GET", d.base + "/status")["value"]["ready"]:
                    break
            except Exception:
                time.sleep(0.2)
        d.start(profile)
        d.cmd("POST", "/url", {"url": url})
        d.wait("return window.gdt && gdt.tilesDrawn === gdt.tilesWanted && gdt.tilesDrawn > 0",
               "the first map")
        g = d.js("return gdt")
        check("first map: 16 tiles drawn", g["tilesDrawn"] == 16, str(g["tilesDrawn"]))
        check("first map: the window", g["window"] == {"lr": ["0", "1.25"], "w0": ["-2", "4"]},
              str(g["window"]))
        d.shot("1-map.png")
        w0 = width(g["window"]["lr"])

        # zoom 1: the wheel, at the centre of the map's right half
        canvas = d.element("#map")
        gen = g["gen"]
        r = d.js("const r = document.getElementById('map').getBoundingClientRect();"
                 "return [Math.round(r.left), Math.round(r.top), Math.round(r.width)]")
        cx, cy = r[0] + r[2] // 2, r[1] + r[2] // 2
        d.actions([{"type": "wheel", "id": "wheel", "actions": [
            {"type": "scroll", "x": cx + r[2] // 4, "y": cy, "deltaX": 0, "deltaY": -120,
             "origin": "viewport"}]}])
        d.wait("return gdt.gen > %d && gdt.tilesDrawn === gdt.tilesWanted" % gen, "the wheel's zoom")
        g = d.js("return gdt")
        check("wheel zoom: the window halved", width(g["window"]["lr"]) * 2 == w0, str(g["window"]))
        check("wheel zoom: 16 tiles drawn", g["tilesDrawn"] == 16, str(g["tilesDrawn"]))
        d.shot("2-zoom-wheel.png")

        # zoom 2: the keyboard's + on the focused map
        gen = g["gen"]
        w1 = width(g["window"]["lr"])
        d.cmd("POST", "/element/%s/click" % canvas, {})  # focus (and a point picked)
        d.cmd("POST", "/element/%s/value" % canvas, {"text": "+"})
        d.wait("return gdt.gen > %d && gdt.tilesDrawn === gdt.tilesWanted" % gen, "the key's zoom")
        g = d.js("return gdt")
        check("keyboard zoom: the window halved", width(g["window"]["lr"]) * 2 == w1,
              str(g["window"]))
        d.shot("3-zoom-key.png")

        # click a point: its trajectory in each mode and its analysis
        d.actions([{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
                    "actions": [
                        {"type": "pointerMove", "x": cx - r[2] // 3, "y": cy + r[2] // 6,
                         "origin": "viewport"},
                        {"type": "pointerDown", "button": 0},
                        {"type": "pointerUp", "button": 0}]}])
        d.wait("return gdt.trajectory && gdt.point && gdt.analysis !== null", "the point's run")
        g = d.js("return gdt")
        t = g["trajectory"]
        check("the point: 4 modes drawn", t["modes"] == 4, str(t))
        check("the point: its steps drawn", t["points"] >= 4 * 10, str(t))
        check("the point: the analysis shown", (g["analysis"] or 0) >= 2, str(g["analysis"]))
        cmd = d.js("return document.getElementById('ptcmd').textContent")
        check("the point: its command line", cmd.startswith("gdtrace compare --loss")
              and ("--lr " + g["point"]["lr"]) in cmd, cmd)
        d.shot("4-point.png")

        # deep zoom: 48 turns of the wheel about lr 1.15, w0 3 (diverging
        # there, 0.38 bits lost a step), past what binary64 resolves (a
        # grid step of 2^-53.7 at lr 1.15, under its ulp 2^-52): the page
        # switches to certified outcomes by itself and says so
        d.cmd("POST", "/element/%s/value" % canvas, {"text": "0"})  # the home window
        d.wait("return gdt.tilesDrawn === gdt.tilesWanted && gdt.window.lr[1] === '1.25'", "home")
        gen = d.js("return gdt.gen")
        x = r[0] + round(r[2] * 0.92)
        y = r[1] + round(r[2] * (1 - 5 / 6))
        d.actions([{"type": "wheel", "id": "wheel", "actions": [
            {"type": "scroll", "x": x, "y": y, "deltaX": 0, "deltaY": -120, "origin": "viewport"}
            for _ in range(48)]}])
        d.wait("return gdt.gen > %d && gdt.certify && gdt.tilesDrawn === gdt.tilesWanted" % gen,
               "the certified map")
        g = d.js("return gdt")
        check("deep zoom: the window 2^48 times narrower",
              width(g["window"]["lr"]) * 2**48 == w0, str(g["window"]))
        check("deep zoom: certified, and the note says so",
              g["certify"] and "certified outcomes" in g["note"] and "Lyapunov" in g["note"],
              g["note"])
        check("deep zoom: undecided in the legend", "undecided" in g["legend"], str(g["legend"]))
        cmd = d.js("return document.getElementById('mapcmd').textContent")
        check("deep zoom: the command line says --certify",
              " --certify --max-prec 4096 " in cmd and "--mode" not in cmd, cmd)
        check("deep zoom: the map's command line has the server's --max-bits",
              cmd.endswith(" --max-bits 1048576"), cmd)
        d.shot("5-certified.png")

        # a loss of two parameters: lr_a across, lr_b up, and a point's run
        # with both learning rates
        gen = g["gen"]
        d.cmd("POST", "/element/%s/click" % d.element("#example option[value='ab']"), {})
        d.wait("return gdt.gen > %d && gdt.tilesDrawn === gdt.tilesWanted" % gen, "the two-lr map")
        g = d.js("return gdt")
        check("two lr: the axes and the window",
              g["window"] == {"lr_a": ["0", "1"], "lr_b": ["0", "0.5"]} and not g["certify"],
              str(g["window"]))
        check("two lr: 16 tiles drawn", g["tilesDrawn"] == 16, str(g["tilesDrawn"]))
        cmd = d.js("return document.getElementById('mapcmd').textContent")
        check("two lr: the map's command line",
              cmd.startswith("gdtrace sweep --loss '(a*b-1)^2' --lr a=0.00390625:0.99609375,"
                             "b=0.001953125:0.498046875 --w0 a=2,b=1 --grid 128x128 --mode binary64"),
              cmd)
        d.actions([{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
                    "actions": [
                        {"type": "pointerMove", "x": r[0] + round(r[2] * 0.3),
                         "y": r[1] + round(r[2] * 0.8), "origin": "viewport"},
                        {"type": "pointerDown", "button": 0},
                        {"type": "pointerUp", "button": 0}]}])
        d.wait("return gdt.trajectory && gdt.point && gdt.point.lr.startsWith('a=') "
               "&& gdt.analysis !== null", "the two-lr point's run")
        g = d.js("return gdt")
        t = g["trajectory"]
        check("two lr, the point: 4 modes drawn", t["modes"] == 4 and t["points"] >= 4 * 10, str(t))
        cmd = d.js("return document.getElementById('ptcmd').textContent")
        check("two lr, the point: both learning rates",
              ("--lr " + g["point"]["lr"] + " --w0 a=2,b=1 ") in cmd
              and g["point"]["lr"] == "a=0.30078125,b=0.099609375", cmd)
        d.shot("6-two-lr.png")

        # a data set built into the server, from the example's menu: the
        # Point panel cleared, the map drawn, the command line naming the
        # source's data/tanh.csv and the server's --max-bits
        gen = g["gen"]
        d.js("const e = document.getElementById('example'); e.value = 'tanh';"
             "e.dispatchEvent(new Event('change'))")
        g = d.js("return gdt")
        check("example changed: the Point panel cleared",
              g["point"] is None and g["trajectory"] is None
              and d.js("return document.getElementById('ptcmd').textContent") == ""
              and d.js("return document.getElementById('pt').textContent") == "click the map",
              str(g["point"]))
        d.wait("return gdt.gen > %d && gdt.tilesDrawn === gdt.tilesWanted" % gen, "the tanh map")
        g = d.js("return gdt")
        cmd = d.js("return document.getElementById('mapcmd').textContent")
        check("data set: offered and chosen",
              g["data"] == ["linreg.csv", "logreg.csv", "tanh.csv"]
              and d.js("return document.getElementById('data').value") == "tanh.csv", str(g["data"]))
        check("data set: the map drawn",
              g["tilesDrawn"] == 16 and d.js("return document.getElementById('status').className") == "",
              d.js("return document.getElementById('status').textContent"))
        check("data set: the command line", " --data data/tanh.csv " in cmd
              and cmd.endswith(" --max-bits 1048576"), cmd)
        d.shot("7-data-set.png")

        # the narrow formats at the home window: each its own map (its grid
        # steps one ulp or more at the largest |edge|); binary16 zoomed in
        # until a step is less than its ulp: mpfr then
        def choose(mode, example="notes"):
            gen = d.js("return gdt.gen")
            d.js("const e = document.getElementById('example');"
                 "if (e.value !== arguments[1]) { e.value = arguments[1];"
                 " e.dispatchEvent(new Event('change')); }"
                 "document.getElementById('mode').value = arguments[0];"
                 "document.getElementById('apply').click()", mode, example)
            d.wait("return gdt.gen > %d && gdt.tilesDrawn === gdt.tilesWanted" % gen, mode)
            return d.js("return gdt")

        def key_zoom():
            gen = d.js("return gdt.gen")
            d.cmd("POST", "/element/%s/value" % canvas, {"text": "+"})
            d.wait("return gdt.gen > %d && gdt.tilesDrawn === gdt.tilesWanted" % gen, "zoom")
            return d.js("return gdt")

        for mode in ("binary16", "bfloat16", "binary32", "binary64"):
            g = choose(mode)
            check(mode + " at home: its own map", g["mode"] == mode and g["note"] == ""
                  and g["window"]["lr"] == ["0", "1.25"], "%s %s" % (g["mode"], g["note"]))
            if mode == "binary16":
                d.shot("8-binary16.png")
        g = choose("binary16")
        for _ in range(4):
            g = key_zoom()
        check("binary16 zoomed 16 times: still its own map", g["mode"] == "binary16", g["note"])
        g = key_zoom()
        check("binary16 zoomed 32 times: mpfr, and the note says why",
              g["mode"] == "mpfr" and g["prec"] == 32
              and "narrower than binary16 resolves (12 bits needed)" in g["note"], g["note"])
        g = choose("bfloat16")
        check("bfloat16 zoomed 32 times: mpfr", g["mode"] == "mpfr", g["note"])
        g = choose("binary32")
        check("binary32 zoomed 32 times: its own map", g["mode"] == "binary32", g["note"])
        d.cmd("POST", "/element/%s/value" % canvas, {"text": "0"})
        time.sleep(0.5)
        g = choose("binary64")

        # the layout: a projector's 1280 x 800, the panels beside the map;
        # a phone's 412 px, the map as wide as the screen, nothing wider
        def layout(w, h):
            d.cmd("POST", "/window/rect", {"width": w, "height": h})
            time.sleep(0.5)
            return d.js("const m = document.getElementById('map').getBoundingClientRect(),"
                        " s = document.getElementById('side').getBoundingClientRect();"
                        "return { map: [m.left, m.top, m.width, m.height], side: [s.left, s.top],"
                        " inner: document.documentElement.clientWidth,"
                        " scroll: document.documentElement.scrollWidth }")
        L = layout(1280, 800)
        check("1280 x 800: the panels beside the map",
              L["side"][0] >= L["map"][0] + L["map"][2] and L["side"][1] < L["map"][1] + 50
              and L["scroll"] <= L["inner"], str(L))
        d.shot("9-1280x800.png")
        L = layout(412, 900)
        check("412 px: the map fits the width, a square",
              L["map"][0] >= 0 and L["map"][0] + L["map"][2] <= L["inner"]
              and abs(L["map"][2] - L["map"][3]) < 2 and L["scroll"] <= L["inner"], str(L))
        check("412 px: the map scrolls the page (touch-action pan-y)",
              d.js("return getComputedStyle(document.getElementById('map')).touchAction") == "pan-y")
        d.shot("10-phone.png")
        layout(1400, 1400)
        g = d.js("return gdt")

        check("no error on the page", g["errors"] == [], str(g["errors"]))
        try:
            logs = d.cmd("POST", "/se/log", {"type": "browser"}) or []
        except RuntimeError:
            logs = []
        severe = [e["message"] for e in logs if e.get("level") == "SEVERE"]
        check("no console error", severe == [], str(severe))
    except Exception as e:  # a step that failed: what it was
        check("the scenario ran", False, str(e))
    finally:
        d.quit() if hasattr(d, "s") else None
        driver.terminate()
        server.terminate()
        try:
            driver.wait(10)
            server.wait(30)
        except subprocess.TimeoutExpired:
            driver.kill()
            server.kill()
        shutil.rmtree(profile, ignore_errors=True)


main()
print("screenshots: " + SHOTS)
print("browser: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
