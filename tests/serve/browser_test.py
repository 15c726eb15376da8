#!/usr/bin/python3
"""ctoc-serve in a real browser: headless Chromium, driven over the DevTools protocol, goes
through a search, a facet click, the back button, a document page and a citation link, at
1280 px and at phone width, and the test asserts on what the page shows.

Debian's Chromium and python3-websocket only; nothing is fetched from the network (the
browser is started with every background service off and a fresh profile).

  browser_test.py --index BIN --serve BIN --corpus DIR              the test (exit 0 or 1)
  browser_test.py ... --extra FILE.jsonl --screenshots DIR          also the README's screenshots
"""
import argparse
import base64
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

# A document whose title carries markup, cited by the bundled note 000 (CTOC/COP/WG.7/2017/5).
HOSTILE = {
    "id": "fixture-hostile",
    "symbol": "CTOC/COP/WG.7/2017/5",
    "date": "2017-11-20",
    "title": "Rapport <script>document.title='pirate'</script><img src=x onerror=\"document.title='pirate'\"> sur les migrants",
    "text": "Rapport de la réunion du Groupe de travail sur le trafic illicite de migrants tenue à Vienne.\n\n"
            "Le Groupe de travail a examiné le trafic illicite de migrants par mer.",
}

TIMEOUT = 30


class Failure(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failure(what)
    print("ok   " + what, flush=True)


class Browser:
    """One headless Chromium tab over the DevTools protocol."""

    def __init__(self, chromium, profile, width, height):
        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--disable-extensions",
             "--disable-default-apps", "--disable-features=Translate,MediaRouter,OptimizationHints",
             "--metrics-recording-only", "--hide-scrollbars", "--user-data-dir=" + profile,
             "--remote-debugging-port=0", "--window-size=%d,%d" % (width, height), "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + TIMEOUT
        while not (os.path.exists(port_file) and open(port_file).read().count("\n") >= 1):
            if time.time() > deadline or self.process.poll() is not None:
                raise Failure("Chromium did not start (is the Debian package chromium installed?)")
            time.sleep(0.1)
        port = open(port_file).read().split("\n")[0].strip()
        targets = json.load(urllib.request.urlopen("http://127.0.0.1:%s/json/list" % port, timeout=TIMEOUT))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=TIMEOUT, suppress_origin=True)
        self.next_id = 0
        self.events = []
        self.errors = []
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable")

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise Failure("%s: %s" % (method, message["error"]))
                return message.get("result", {})
            self.note(message)

    def note(self, message):
        method = message.get("method", "")
        if method == "Runtime.exceptionThrown":
            self.errors.append(message["params"]["exceptionDetails"].get("text", "exception"))
        elif method == "Runtime.consoleAPICalled" and message["params"]["type"] == "error":
            self.errors.append(str(message["params"]["args"]))
        elif method == "Log.entryAdded" and message["params"]["entry"]["level"] == "error":
            self.errors.append(message["params"]["entry"]["text"])
        self.events.append(method)

    def wait_for_load(self, action):
        """Runs action (which makes the page navigate) and waits for the new page's load event."""
        self.events = []
        action()
        deadline = time.time() + TIMEOUT
        while "Page.loadEventFired" not in self.events:
            if time.time() > deadline:
                raise Failure("the page did not load within %d s" % TIMEOUT)
            try:
                self.note(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                raise Failure("the page did not load within %d s" % TIMEOUT)

    def wait_until(self, expression, what):
        """Polls the page until expression is true (for pages restored from the back-forward
        cache, which fire no load event)."""
        deadline = time.time() + TIMEOUT
        while not self.js(expression):
            if time.time() > deadline:
                raise Failure("timed out waiting for " + what)
            time.sleep(0.05)

    def goto(self, url):
        print("     going to " + url, flush=True)
        self.wait_for_load(lambda: self.call("Page.navigate", url=url))

    def js(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise Failure("script failed: %s: %s" % (expression, result["exceptionDetails"]))
        return result["result"].get("value")

    def click(self, selector, contains=""):
        """A real mouse click in the middle of the first element matching selector (and text)."""
        box = self.js("""(() => {
            const el = [...document.querySelectorAll(%s)].find(e => e.textContent.includes(%s));
            if (!el) return null;
            el.scrollIntoView({block: 'center'});
            const r = el.getClientRects()[0]; // a link over two lines: the middle of its first
            return [r.x + r.width / 2, r.y + r.height / 2];
        })()""" % (json.dumps(selector), json.dumps(contains)))
        if box is None:
            raise Failure("nothing to click: %s %s" % (selector, contains))
        print("     clicking %s %s at %s" % (selector, contains, box), flush=True)
        def press():
            for kind in ("mousePressed", "mouseReleased"):
                self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)
        self.wait_for_load(press)

    def type_and_enter(self, selector, text):
        self.js("document.querySelector(%s).focus()" % json.dumps(selector))
        self.call("Input.insertText", text=text)
        def enter():
            for kind in ("keyDown", "keyUp"):
                self.call("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                          windowsVirtualKeyCode=13, nativeVirtualKeyCode=13, text="\r")
        self.wait_for_load(enter)

    def width(self, width, height, mobile):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=mobile)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as out:
            out.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def text(browser, selector):
    return browser.js("(document.querySelector(%s) || {textContent: ''}).textContent" % json.dumps(selector))


def fits(browser, what):
    """No horizontal scrolling: the page is as wide as the window at most."""
    widths = browser.js("[document.documentElement.scrollWidth, window.innerWidth]")
    check(widths[0] <= widths[1], "%s fits the window's width (%d <= %d px)" % (what, widths[0], widths[1]))


def run_test(browser, base):
    # Home page, then a search typed in the box and sent with Enter.
    browser.goto(base)
    check(browser.js("document.documentElement.lang") == "fr", "the page is in French")
    check("documents indexés" in text(browser, ".lead"), "the home page says how many documents are indexed")
    browser.type_and_enter("#q", "traite")
    check(browser.js("location.pathname + location.search") == "/search?q=traite", "the search's URL is shareable")
    check(text(browser, ".count").startswith("4 documents trouvés"), "4 results for 'traite'")
    check(browser.js("document.querySelectorAll('li.hit').length") == 4, "4 results are shown")
    check(browser.js("document.querySelectorAll('li.hit .snippet mark').length") >= 4,
          "snippets highlight the matched words")
    check("GT 4 : traite des personnes" in text(browser, "li.hit .facts"), "a result shows its working group")
    fits(browser, "the results page at 1280 px")

    # A facet click narrows the search; the back button undoes it.
    browser.click("[data-facet=wg] a", "GT 4")
    check(browser.js("location.search") == "?q=traite&wg=4", "the facet is in the URL")
    check(text(browser, ".count").startswith("2 documents trouvés"), "the facet narrows to 2 results")
    check("GT 4" in text(browser, "li.chosen"), "the chosen facet shows as a removable filter")
    browser.js("history.back()")
    browser.wait_until("location.search == '?q=traite' && document.readyState == 'complete'", "the back button")
    check(text(browser, ".count").startswith("4 documents trouvés"), "the back button returns to the 4 results")

    # Sorted by date through the side form.
    browser.js("document.querySelector('#sort').value = 'date'")
    browser.click(".range button", "Appliquer")
    dates = browser.js("[...document.querySelectorAll('li.hit time')].map(t => t.getAttribute('datetime'))")
    check(dates == sorted(dates) and len(dates) == 4, "sorting by date orders the results by date")

    # A document page: every fact, the text with the query's words marked.
    browser.goto(base + "search?q=migrants")
    browser.click("li.hit h3 a", "Rapports sur les travaux")
    check(browser.js("location.pathname").startswith("/doc/"), "a result opens its document's page")
    check("Rapports sur les travaux des réunions" in text(browser, "h1"), "the document page shows its title")
    check("Vienne" in text(browser, "#faits"), "the document page lists the extracted facts")
    check(browser.js("document.querySelectorAll('#texte .text mark').length") >= 3,
          "the document's text has the query's words marked")
    check("absent de l'index" in text(browser, "#cite"), "a cited symbol that is not indexed is marked missing")
    fits(browser, "the document page at 1280 px")
    doc_page = browser.js("location.href")

    # A citation link: the cited symbol the index holds leads to its document.
    browser.click("#cite a.present", "CTOC/COP/WG.7/2017/5")
    check("CTOC/COP/WG.7/2017/5" in text(browser, "h1 .sym"), "the citation link opens the cited document")
    check("<script>document.title='pirate'</script>" in text(browser, "h1 .ttl"),
          "markup in a document's title is shown as text")
    check(browser.js("document.title").startswith("CTOC/COP/WG.7/2017/5 Rapport <script>"),
          "the document's markup did not run (the window's title is the document's, as text)")
    check(browser.js("document.scripts.length") == 0 and browser.js("document.images.length") == 0,
          "the page holds no script and no image from the document")
    check("1 document cite CTOC/COP/WG.7/2017/5" in text(browser, "#cite-par"), "the cited document lists who cites it")
    check("CTOC/COP/WG.7/2017/5" in text(browser, "#cite-par .snippet mark"), "with the citing sentence")
    browser.click("#cite-par li.hit h3 a", "Rapports sur les travaux")
    check(browser.js("location.href").split("?")[0] == doc_page.split("?")[0], "the citing document is linked back")

    # A resolution: the documents citing it, each with the citing sentence.
    browser.click("#cite a.citation", "résolution 7/1")
    check(text(browser, "h1") == "Documents qui citent « résolution 7/1 »", "a resolution link lists who cites it")
    check(browser.js("document.querySelectorAll('li.hit .snippet mark').length") >= 4,
          "each with its citing sentence")

    # Phone width: one column, nothing wider than the window.
    browser.width(390, 844, True)
    browser.goto(base + "search?q=traite+des+personnes")
    fits(browser, "the results page at 390 px")
    columns = browser.js("getComputedStyle(document.querySelector('.results-layout')).gridTemplateColumns")
    check(len(columns.split()) == 1, "the results and the facets are one column at 390 px")
    browser.goto(doc_page)
    fits(browser, "the document page at 390 px")

    check(not browser.errors, "no script error or blocked resource in the console %s" % (browser.errors or ""))

    # Bad input is one clear message.
    browser.width(1280, 900, False)
    browser.goto(base + "search?q=traite&wg=99")
    check(text(browser, ".error").startswith("groupe de travail inconnu « 99 »"), "a bad parameter says what is wrong")


def screenshots(browser, base, directory):
    os.makedirs(directory, exist_ok=True)
    browser.width(1280, 860, False)
    browser.goto(base + "search?q=traite+des+personnes")
    browser.screenshot(os.path.join(directory, "search.png"))
    browser.click("li.hit h3 a", "")
    browser.goto(browser.js("location.origin + location.pathname") + "?q=traite+des+personnes")
    browser.screenshot(os.path.join(directory, "document.png"))
    browser.width(390, 844, True)
    browser.goto(base + "search?q=traite+des+personnes&wg=4")
    browser.screenshot(os.path.join(directory, "phone.png"))
    if shutil.which("pngquant"):  # smaller files for the README, when it is installed
        for name in ("search.png", "document.png", "phone.png"):
            path = os.path.join(directory, name)
            subprocess.run(["pngquant", "--quality", "70-90", "--force", "--output", path, path], check=True)
    print("screenshots in " + directory)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", required=True, help="ctoc-index")
    parser.add_argument("--serve", required=True, help="ctoc-serve")
    parser.add_argument("--corpus", required=True, help="the bundled corpus directory")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--extra", action="append", default=[], help="more inputs to index (screenshots)")
    parser.add_argument("--screenshots", help="write the README's screenshots here instead of testing")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="ctoc-browser-")
    server = browser = None
    try:
        inputs = [args.corpus] + args.extra
        if not args.screenshots:
            hostile = os.path.join(work, "hostile.jsonl")
            with open(hostile, "w", encoding="utf-8") as out:
                out.write(json.dumps(HOSTILE, ensure_ascii=False) + "\n")
            inputs.append(hostile)
        db = os.path.join(work, "db")
        subprocess.run([args.index, "--db", db] + inputs, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=600)
        server = subprocess.Popen([args.serve, "--db", db, "--port", "0"], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        line = server.stdout.readline()
        check(line.startswith("ctoc-serve: http://127.0.0.1:"), "ctoc-serve says where it listens: " + line.strip())
        base = line.split()[1]
        browser = Browser(args.chromium, os.path.join(work, "profile"), 1280, 900)
        if args.screenshots:
            screenshots(browser, base, args.screenshots)
        else:
            run_test(browser, base)
        browser.close()
        browser = None
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=TIMEOUT)
        check(server.returncode == 0 and err.endswith("ctoc-serve: stopped\n"),
              "ctoc-serve stops cleanly on SIGTERM (exit %s)" % server.returncode)
        server = None
        return 0
    except Failure as e:
        print("FAIL " + str(e), flush=True)
        return 1
    finally:
        if browser:
            browser.close()
        if server:
            server.kill()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
