"""Headless Chromium (Debian package) through Playwright, with software WebGL so deck.gl maps really draw."""

from __future__ import annotations

import io
import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    """Playwright gives each launch a fresh, empty profile of its own."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# How far (sum of absolute channel differences) a pixel may be from a colour and still count as that colour.
COLOUR_TOLERANCE = 40


def coloured_pixels(png: bytes, colour: tuple[int, int, int], tolerance: int = COLOUR_TOLERANCE) -> int:
    """How many pixels of the image are close to ``colour`` (sum of absolute channel differences)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    target = colour
    return sum(
        count
        for count, (r, g, b) in image.getcolors(maxcolors=1 << 24)
        if abs(r - target[0]) + abs(g - target[1]) + abs(b - target[2]) <= tolerance
    )


def wait_for_map_colour(
    page: Page, colour: tuple[int, int, int], minimum: int = 200, timeout_s: float = 60.0, canvas_index: int = 0
) -> float:
    """Wait until the deck.gl canvas shows at least ``minimum`` pixels of ``colour``; return the seconds waited.
    A canvas that exists but stays blank (WebGL failure, missing data) times out; one that a rerun replaces between
    measuring and photographing it is simply photographed again."""
    started = time.perf_counter()
    canvas = page.locator("canvas").nth(canvas_index)
    canvas.wait_for(state="visible", timeout=timeout_s * 1000)
    while True:
        box = canvas.bounding_box()
        # A clipped page screenshot costs about half a locator screenshot, which waits for the element to settle.
        try:
            shot = page.screenshot(clip=box) if box else None
        except PlaywrightError as error:
            if "Clipped area" not in str(error):
                raise
            shot = None
        if shot and coloured_pixels(shot, colour) >= minimum:
            return time.perf_counter() - started
        if time.perf_counter() - started > timeout_s:
            raise TimeoutError(f"aucun pixel de couleur {colour} sur la carte après {timeout_s} s")
        page.wait_for_timeout(100)


# Installed in every page of a context by ``watch_map_drawing``: WebGL canvases keep their last frame
# (preserveDrawingBuffer), so a script in the page can read a map's pixels as soon as deck.gl has drawn them, and the
# page notes when the pointer was last pressed.
_DRAWING_PROBE = """
(() => {
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, attributes) {
    if (type === "webgl2" || type === "webgl") attributes = {...(attributes || {}), preserveDrawingBuffer: true};
    return getContext.call(this, type, attributes);
  };
  window.addEventListener("pointerdown", (event) => { window.__lastPress = event.timeStamp; }, {capture: true});
})();
"""
_COLOUR_REACHED = """([r, g, b, tolerance, minimum, index, timeoutMs]) => new Promise((resolve, reject) => {
  const started = performance.now();
  const copy = document.createElement("canvas").getContext("2d", {willReadFrequently: true});
  const poll = () => {
    const canvas = document.querySelectorAll("canvas")[index];
    if (canvas && canvas.width && canvas.height) {
      copy.canvas.width = canvas.width;
      copy.canvas.height = canvas.height;
      copy.drawImage(canvas, 0, 0);
      const pixels = copy.getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) <= tolerance) count++;
      }
      if (count >= minimum) return resolve(performance.now() - window.__lastPress);
    }
    if (performance.now() - started > timeoutMs) {
      return reject(new Error(`no ${minimum} pixels of rgb(${r}, ${g}, ${b})`));
    }
    setTimeout(poll, 20);
  };
  poll();
})"""


def watch_map_drawing(context: BrowserContext) -> None:
    """Make the pages of ``context`` ready for ``seconds_since_press``."""
    context.add_init_script(_DRAWING_PROBE)


def seconds_since_press(
    page: Page, colour: tuple[int, int, int], minimum: int, canvas_index: int = 0, timeout_s: float = 60.0
) -> float:
    """Wait until canvas ``canvas_index`` shows ``minimum`` pixels of ``colour``; return the seconds from the last
    pointer press to that frame, both read by the page's own clock. Read in the page every 20 ms: a screenshot taken
    from outside would cost the software renderer a frame of its own and add its latency to the figure.
    ``watch_map_drawing`` must have prepared the page's context before it loaded."""
    return page.evaluate(_COLOUR_REACHED, [*colour, COLOUR_TOLERANCE, minimum, canvas_index, timeout_s * 1000]) / 1000


def screen_position(lon: float, lat: float, view: dict[str, float], width: float, height: float) -> tuple[float, float]:
    """Pixel position of (lon, lat) on a deck.gl canvas showing ``view`` (Web Mercator, 512-pixel tiles), so a test
    can click a given territory."""
    world = 512 * 2 ** view["zoom"]

    def project(longitude: float, latitude: float) -> tuple[float, float]:
        x = (longitude + 180) / 360 * world
        y = (1 - math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)) / math.pi) / 2 * world
        return x, y

    x, y = project(lon, lat)
    centre_x, centre_y = project(view["longitude"], view["latitude"])
    return width / 2 + x - centre_x, height / 2 + y - centre_y


def click_map(page: Page, lon: float, lat: float, view: dict[str, float], arrived: Callable[[], object]) -> None:
    """Click the page's first map (a deck.gl canvas showing ``view``) at (lon, lat) until ``arrived`` returns:
    ``arrived`` waits a few seconds for what the click brings and raises Playwright's timeout when it does not come.

    deck.gl's gesture recogniser drops an occasional click on a busy machine, hence up to five clicks. Each starts
    away from the map: once the pointer rests on a shape, the tooltip appears under it and takes the next click. The
    caller checks the outcome afterwards, with a longer wait, as the last click may still be on its way."""
    box = page.locator("canvas").first.bounding_box()
    x, y = screen_position(lon, lat, view, box["width"], box["height"])
    for _ in range(5):
        page.mouse.move(0, 0)
        page.wait_for_timeout(500)
        page.mouse.click(box["x"] + x, box["y"] + y)
        try:
            arrived()
            return
        except PlaywrightTimeout:
            continue


def tap(page: Page, x: float, y: float) -> float:
    """Click at page coordinates the way deck.gl's tap recogniser accepts on a slow software-rendered page; return
    the seconds the page spent handling the press itself.

    deck.gl picks synchronously on pointerdown; with SwiftShader on a loaded machine that takes longer than the
    250 ms a press may last to count as a click, so real (or sequentially created) events are dropped. The events
    here are all created before any is dispatched, so their timestamps are a press of a few microseconds."""
    return page.evaluate(
        """([x, y]) => {
            const target = document.elementFromPoint(x, y);
            const base = {clientX: x, clientY: y, bubbles: true, cancelable: true, pointerId: 1,
                          pointerType: "mouse", isPrimary: true, button: 0};
            const events = [
                new PointerEvent("pointermove", {...base, buttons: 0}),
                new PointerEvent("pointerdown", {...base, buttons: 1}),
                new PointerEvent("pointerup", {...base, buttons: 0}),
                new MouseEvent("click", base),
            ];
            let pressMs = 0;
            for (const event of events) {
                const started = performance.now();
                target.dispatchEvent(event);
                if (event.type === "pointerdown") pressMs = performance.now() - started;
            }
            return pressMs / 1000;
        }""",
        [x, y],
    )
