"""What the journeys share: a browser tab that weighs every page it loads and checks it with
axe-core, the interface strings the journeys look for in both languages, and their small steps.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from playwright.sync_api import CDPSession, Locator, Page, expect
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

PAGE_BUDGET = 100 * 1024  # bytes on the wire for one page load, before user content
FAILING_IMPACTS = ("serious", "critical")

# Known strings of the interface, written out rather than read from the catalogs, so a missing
# or wrong translation fails here.
UI = {
    "en": {
        "skip": "Skip to main content",
        "main_nav": "Main",
        "language_nav": "Language",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
        "register": "Register",
        "privacy": "Privacy notice",
        "contact": "Contact",
        "funding": "Funded by the European Union",
        "home_title": "Workshops and research for decision-makers, journalists and civil society",
        "themes_title": "What the programme works on",
        "register_title": "Create your account",
        "full_name": "Full name",
        "email": "E-mail",
        "password": "Password",
        "password_again": "Repeat the password",
        "country": "Country",
        "sector": "Sector",
        "create_account": "Create account",
        "check_email": "Check your e-mail",
        "confirmed": "Thank you: your e-mail address is confirmed and you are signed in.",
        "welcome": "Welcome, {name}.",
        "signed_out": "You have signed out.",
        "errors_title": "Please correct the following:",
        "bad_email": "Enter a valid e-mail address, such as ana@example.org.",
        "forgot": "Forgot your password?",
        "send_link": "Send me a link",
        "new_password_title": "Choose a new password",
        "set_password": "Set new password",
        "password_changed": "Your password has been changed. You can sign in with it now.",
        "administration": "Administration",
        "people": "People",
        "trainer": "Trainer",
        "save_roles": "Save roles",
        "roles_saved": "The roles of {name} have been saved.",
        "change_password": "Change your password",
        # Workshops, enrolment and completion
        "enrol": "Enrol",
        "enrolled": "You are enrolled. We have sent you an e-mail with the details.",
        "mark_complete": "Mark as complete",
        "lesson_completed": "Lesson completed.",
        "submit_answers": "Submit my answers",
        "quiz_result": "Your result",
        "quiz_failed": "You scored {score} %; the pass mark is {mark} %.",
        "quiz_passed": "You passed with {score} % (pass mark {mark} %).",
        "back_to_quiz": "Back to the quiz",
        "back_to_workshop": "Back to the workshop",
        "progress_workshop": "Workshop: {done} of {total} required lessons",
        "percent_complete": "{percent} % complete",
        "certificate_pdf": "Download the certificate (PDF, {language})",
        # Research library
        "research": "Research",
        "deposit": "Deposit a research output",
        "output_type": "Type",
        "title_in": "Title in {language}",
        "abstract_in": "Abstract in {language}",
        "creators": "Creators",
        "organisation": "Organisation (think tank)",
        "publication_date": "Publication date",
        "files": "Files",
        "save_draft": "Save draft",
        "draft_saved": "Your draft is saved. Check it, then submit it to the curators.",
        "submit_to_curators": "Submit to the curators",
        "submitted": "Submitted. The curators will review it and you will get an e-mail.",
        "waiting_curation": "Outputs waiting for curation",
        "publish": "Publish",
        "published_output": "Published. The researcher has been told.",
        "research_words": "Words in the title, abstract, keywords or creators",
        "search": "Search",
        # Authoring workshops
        "create_workshop": "Create a workshop",
        "title_lang": "Title ({language})",
        "address_name": "Address name",
        "estimated_hours": "Estimated hours",
        "save_workshop": "Save workshop",
        "workshop_saved": "The workshop has been saved.",
        "add_module": "Add a module",
        "save_module": "Save module",
        "module_saved": "The module has been saved.",
        "kind_text": "Text",
        "text_lang": "Text ({language})",
        "save_lesson": "Save lesson",
        "lesson_saved": "The lesson has been saved.",
        "materials": "Materials",
        "file": "File",
        "title": "Title",
        "upload_material": "Upload material",
        "material_uploaded": "The material {title} has been uploaded.",
        "workshop_published": "The workshop is published: it is now in the catalogue.",
        "workshops": "Workshops",
        "workshop_words": "Words from the title or description",
    },
    "es": {
        "skip": "Saltar al contenido principal",
        "main_nav": "Principal",
        "language_nav": "Idioma",
        "sign_in": "Iniciar sesión",
        "sign_out": "Cerrar sesión",
        "register": "Registrarse",
        "privacy": "Aviso de privacidad",
        "contact": "Contacto",
        "funding": "Financiado por la Unión Europea",
        "home_title": (
            "Talleres e investigación para tomadores de decisiones, periodistas y sociedad civil"
        ),
        "themes_title": "En qué trabaja el programa",
        "register_title": "Cree su cuenta",
        "full_name": "Nombre completo",
        "email": "Correo electrónico",
        "password": "Contraseña",
        "password_again": "Repita la contraseña",
        "country": "País",
        "sector": "Sector",
        "create_account": "Crear cuenta",
        "check_email": "Revise su correo electrónico",
        "confirmed": ("Gracias: su dirección de correo está confirmada y ya inició sesión."),
        "welcome": "Le damos la bienvenida, {name}.",
        "signed_out": "Ha cerrado la sesión.",
        "errors_title": "Corrija lo siguiente:",
        "bad_email": "Escriba una dirección de correo válida, como ana@example.org.",
        "forgot": "¿Olvidó su contraseña?",
        "send_link": "Enviarme un enlace",
        "new_password_title": "Elija una nueva contraseña",
        "set_password": "Guardar nueva contraseña",
        "password_changed": "Su contraseña ha sido cambiada. Ya puede iniciar sesión con ella.",
        "administration": "Administración",
        "people": "Personas",
        "trainer": "Facilitador(a)",
        "save_roles": "Guardar roles",
        "roles_saved": "Se guardaron los roles de {name}.",
        "change_password": "Cambiar su contraseña",
        # Talleres, inscripción y finalización
        "enrol": "Inscribirme",
        "enrolled": "Su inscripción está confirmada. Le enviamos un correo con los detalles.",
        "mark_complete": "Marcar como completada",
        "lesson_completed": "Lección completada.",
        "submit_answers": "Enviar mis respuestas",
        "quiz_result": "Su resultado",
        "quiz_failed": "Obtuvo {score} %; la calificación mínima es {mark} %.",
        "quiz_passed": "Aprobó con {score} % (calificación mínima {mark} %).",
        "back_to_quiz": "Volver al cuestionario",
        "back_to_workshop": "Volver al taller",
        "progress_workshop": "Taller: {done} de {total} lecciones obligatorias",
        "percent_complete": "{percent} % completado",
        "certificate_pdf": "Descargar el certificado (PDF, {language})",
        # Biblioteca de investigación
        "research": "Investigación",
        "deposit": "Depositar una publicación",
        "output_type": "Tipo",
        "title_in": "Título en {language}",
        "abstract_in": "Resumen en {language}",
        "creators": "Autoras y autores",
        "organisation": "Organización (centro de pensamiento)",
        "publication_date": "Fecha de publicación",
        "files": "Archivos",
        "save_draft": "Guardar borrador",
        "draft_saved": "Su borrador se guardó. Revíselo y luego envíelo a curaduría.",
        "submit_to_curators": "Enviar a curaduría",
        "submitted": (
            "Enviada. El equipo de curaduría la revisará y usted recibirá un correo electrónico."
        ),
        "waiting_curation": "Publicaciones que esperan curaduría",
        "publish": "Publicar",
        "published_output": "Publicada. Se ha avisado a la persona investigadora.",
        "research_words": "Palabras del título, el resumen, las palabras clave o la autoría",
        "search": "Buscar",
        # Autoría de talleres
        "create_workshop": "Crear un taller",
        "title_lang": "Título ({language})",
        "address_name": "Nombre en la dirección",
        "estimated_hours": "Horas estimadas",
        "save_workshop": "Guardar el taller",
        "workshop_saved": "El taller se guardó.",
        "add_module": "Añadir un módulo",
        "save_module": "Guardar el módulo",
        "module_saved": "El módulo se guardó.",
        "kind_text": "Texto",
        "text_lang": "Texto ({language})",
        "save_lesson": "Guardar la lección",
        "lesson_saved": "La lección se guardó.",
        "materials": "Materiales",
        "file": "Archivo",
        "title": "Título",
        "upload_material": "Subir el material",
        "material_uploaded": "El material {title} se subió.",
        "workshop_published": "El taller está publicado: ya aparece en el catálogo.",
        "workshops": "Talleres",
        "workshop_words": "Palabras del título o de la descripción",
    },
}

# The strings every page's header and footer carry: after a language switch, each of them must
# be in the new language and none may be left in the old one.
CHROME_KEYS = ("sign_out", "privacy", "contact", "funding")


# Known defects -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KnownDefect:
    """A defect in the pages that the lead is fixing in the templates or the stylesheet.

    The journeys report it without failing; test_known_defects.py reproduces it under a strict
    xfail, which fails (XPASS) the day the page is fixed: then delete the entry here.
    """

    check: str  # an axe-core rule id, or "horizontal-overflow"
    page: str  # a page name as in the weight table
    path: str  # a GET path that shows it
    lang: str
    viewport: str
    fix: str


KNOWN_DEFECTS: list[KnownDefect] = []
_KNOWN = {(defect.check, defect.page) for defect in KNOWN_DEFECTS}


# Page weight -------------------------------------------------------------------------------


@dataclass
class Resource:
    """One request of a page load, as Chromium's network log saw it."""

    url: str
    kind: str  # Document, Stylesheet, Script, Font, Image, …
    status: int = 0
    size: int = 0  # bytes on the wire, headers included (CDP encodedDataLength)
    done: bool = False

    @property
    def user_content(self) -> bool:
        """Media that people uploaded do not count towards the budget; the site's own do."""
        return self.kind in ("Image", "Media") and not urlsplit(self.url).path.startswith(
            "/static/"
        )


@dataclass
class PageLoad:
    """A main-frame navigation and every request made while it was the current document."""

    url: str
    resources: dict[str, Resource] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    # DevTools' id of the document's loader: its sub-resources carry it, the old page's don't.
    loader_id: str | None = None

    @property
    def document(self) -> Resource | None:
        return next((r for r in self.resources.values() if r.kind == "Document"), None)

    @property
    def weight(self) -> int:
        return sum(r.size for r in self.resources.values() if not r.user_content)

    @property
    def settled(self) -> bool:
        return all(r.done for r in self.resources.values())

    def breakdown(self) -> str:
        return "\n".join(
            f"  {r.size:>8} B  {r.kind:<10} {urlsplit(r.url).path}"
            + ("  (user content, not counted)" if r.user_content else "")
            for r in self.resources.values()
        )


class NetworkLog:
    """Chromium's own account (DevTools protocol) of the bytes each page load transferred.

    The cache is off, so every figure is a first visit's (headers included, as the bytes go
    over the wire). The app has no frames, so every Document request is a new page load.
    """

    def __init__(self, page: Page) -> None:
        self.cdp: CDPSession = page.context.new_cdp_session(page)
        self.loads: list[PageLoad] = []
        self._requests: dict[str, Resource] = {}
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.responseReceived", self._received)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", self._failed)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    @property
    def current(self) -> PageLoad:
        assert self.loads, "no page has been loaded yet"
        return self.loads[-1]

    def _sent(self, params: dict[str, Any]) -> None:
        kind = params.get("type", "Other")
        url = params["request"]["url"]
        if kind == "Document":
            # A redirect re-sends the same request id: the hop is dropped with the old load.
            self.loads.append(PageLoad(url, loader_id=params.get("loaderId")))
        # The favicon is fetched by the browser, not the page, once per site and after the
        # load event (so only sometimes before the figure is read): it is left out (1 KB).
        favicon = kind == "Other" and "favicon" in urlsplit(url).path
        if not self.loads or url.startswith("data:") or favicon:
            return
        # A request the page being left makes while the next one loads (a lazy image scrolled
        # into view) is the old page's: the browser cancels it without telling, so counted
        # with the new page it would keep that page's load from ever settling.
        current = self.loads[-1].loader_id
        if kind != "Document" and current and params.get("loaderId") not in (None, current):
            return
        resource = Resource(url, kind)
        self.loads[-1].resources[params["requestId"]] = resource
        self._requests[params["requestId"]] = resource

    def _received(self, params: dict[str, Any]) -> None:
        resource = self._requests.get(params["requestId"])
        if resource is not None:
            resource.status = int(params["response"]["status"])

    def _finished(self, params: dict[str, Any]) -> None:
        resource = self._requests.get(params["requestId"])
        if resource is not None:
            resource.size = int(params["encodedDataLength"])
            resource.done = True

    def _failed(self, params: dict[str, Any]) -> None:
        resource = self._requests.get(params["requestId"])
        if resource is not None:
            resource.done = True


@dataclass
class Weight:
    """The heaviest load seen of one page during the run."""

    page: str
    path: str
    size: int
    where: str


class Report:
    """What the whole run found, printed in pytest's terminal summary."""

    weights: dict[str, Weight] = {}
    # (rule, impact, page) -> element selectors; violations that do not fail a test
    findings: dict[tuple[str, str, str], set[str]] = {}
    # (page, variant) pairs already swept with the keyboard: once each is enough
    swept: set[tuple[str, str]] = set()
    # (page, variant, shape) already checked with axe: the same page in the same state again
    # (another journey's visit, another person's name) is not checked twice
    audited: set[tuple[str, str, str]] = set()
    # path -> seconds until the main heading was painted on emulated slow 3G
    slow_3g: dict[str, float] = {}

    @classmethod
    def weigh(cls, page: str, path: str, size: int, where: str) -> None:
        seen = cls.weights.get(page)
        if seen is None or size > seen.size:
            cls.weights[page] = Weight(page, path, size, where)

    @classmethod
    def note(cls, rule: str, impact: str, page: str, targets: list[str]) -> None:
        cls.findings.setdefault((rule, impact, page), set()).update(targets)


# axe-core ----------------------------------------------------------------------------------

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact || "", help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}"""


# What axe-core's verdict depends on, without the words: every element with its classes, its
# attributes (values only where they carry structure, not content) and whether it holds text.
# Two loads with the same shape differ only in content (names, tokens, dates).
PAGE_SHAPE = """() => {
  const structural = /^(role|type|for|id|lang|tabindex|aria-(?!label$).*)$/;
  let hash = 0;
  const add = (text) => {
    for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  };
  add(`${document.title ? "titled" : "untitled"}|${document.documentElement.lang}`);
  for (const el of document.body.querySelectorAll("*")) {
    const attributes = [...el.attributes]
      .map((a) => (structural.test(a.name) ? `${a.name}=${a.value}` : a.name)).join(",");
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    add(`<${el.tagName}|${attributes}|${text ? "t" : ""}>`);
  }
  return String(hash);
}"""


# Play the page's video muted for a moment: [seconds played, its length, its width in pixels].
PLAY_VIDEO = """async () => {
  const video = document.querySelector('main video');
  video.muted = true;
  await video.play();
  await new Promise(done => setTimeout(done, 1200));
  return [video.currentTime, video.duration, video.videoWidth];
}"""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now (the context loads it into every document)."""
    return page.evaluate(AXE_RUN)


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    at {node['target']}")
            if node["summary"]:
                lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)


# The tab -----------------------------------------------------------------------------------

HORIZONTAL_OVERFLOW = """async (javascript) => {
  // Measured after an animation frame, so a layout still settling is not counted (frames
  // never come where JavaScript is off).
  if (javascript) await new Promise((resolve) => requestAnimationFrame(resolve));
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                 + (el.className && typeof el.className === "string"
                    ? "." + el.className.trim().split(/\\s+/).join(".") : "")
                 + ` (right edge ${Math.round(el.getBoundingClientRect().right)} px`
                 + ` > ${width} px: "${(el.value || el.textContent).trim().slice(0, 40)}")`);
}"""


TAB_STOPS = """() => {
  const candidates = document.querySelectorAll(
    "a[href], area[href], button, input, select, textarea, iframe, summary, [tabindex], " +
    "audio[controls], video[controls]");
  const radioGroups = new Set();
  let stops = 0;
  for (const el of candidates) {
    if (el.disabled || el.tabIndex < 0) continue;
    if (el.tagName === "INPUT" && el.type === "hidden") continue;
    if (el.getClientRects().length === 0) continue;
    if (getComputedStyle(el).visibility === "hidden") continue;
    // Inside a closed <details> (content-visibility: hidden): not reachable until opened.
    if (el.checkVisibility && !el.checkVisibility()) continue;
    if (el.type === "radio") {
      if (radioGroups.has(el.name)) continue;
      radioGroups.add(el.name);
    }
    stops += 1;
  }
  return stops;
}"""

FOCUS_STOP = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    index: [...document.querySelectorAll("*")].indexOf(el),
    label: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + ' "'
           + (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 30)
           + '"',
    outlined: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    onScreen: rect.width > 0 && rect.height > 0 && rect.left >= 0
              && rect.right <= window.innerWidth + 1
              && rect.bottom > 0 && rect.top < window.innerHeight,
  };
}"""


def page_name(app: Flask, url: str, status: int) -> str:
    """The endpoint that served ``url`` (core.home, accounts.register, …), with the status
    when it is an error, so one name covers every token, id and language."""
    path = urlsplit(url).path
    try:
        endpoint, _ = app.url_map.bind("localhost").match(path, method="GET")
    except RequestRedirect:
        endpoint = path
    except HTTPException:
        endpoint = "errors"
    return f"{endpoint} ({status})" if status >= 400 else str(endpoint)


class Tab:
    """A browser tab on the live server in one language and viewport.

    Every page it loads through ``goto`` or ``follow`` is checked: no server error, at most
    PAGE_BUDGET bytes, no error in the browser console, nothing wider than the screen, no
    serious or critical axe-core violation (only where JavaScript is on: axe runs in the page),
    and, the first time each page is seen in a language and viewport, a full sweep with Tab.
    """

    def __init__(
        self,
        page: Page,
        base_url: str,
        app: Flask,
        *,
        lang: str,
        viewport: str,
        javascript: bool,
        excuse_known: bool = True,
    ) -> None:
        self.page = page
        self.base_url = base_url
        self.app = app
        self.lang = lang
        self.viewport = viewport
        self.javascript = javascript
        self.excuse_known = excuse_known
        self.text = UI[lang]
        self.network = NetworkLog(page)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self._console_error(f"uncaught: {error}"))

    @property
    def where(self) -> str:
        return f"{self.lang}-{self.viewport}"

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self._console_error(message.text)

    def _console_error(self, text: str) -> None:
        # Content-Security-Policy violations and failed sub-resources show up here.
        if self.network.loads:
            self.network.current.console_errors.append(text)

    def goto(self, path: str) -> None:
        """Open a path (or a full link from an e-mail) and check the page."""
        url = path if path.startswith("http") else self.base_url + path
        self.page.goto(url)
        self.check()

    @contextmanager
    def follow(self) -> Iterator[None]:
        """``with tab.follow(): button.click()``: wait for the page it leads to, then check it."""
        with self.page.expect_navigation():
            yield
        self.check()

    def click(self, locator: Locator) -> None:
        """Click a link or button that loads another page, and check that page."""
        with self.follow():
            locator.click()

    def check(self) -> None:
        load = self.network.current
        self._wait_settled(load)
        document = load.document
        status = document.status if document else 0
        name = page_name(self.app, self.page.url, status)
        assert status < 500, f"{name}: the server answered {status} for {self.page.url}"
        # A 4xx page (a form sent back with its errors) logs its own status; nothing else may.
        errors = [e for e in load.console_errors if not e.startswith("Failed to load resource")]
        errors += [
            f"{r.status} {r.url}"
            for r in load.resources.values()
            if r.kind != "Document" and r.status >= 400
        ]
        assert not errors, f"{name}: errors in the browser console:\n" + "\n".join(errors)

        Report.weigh(name, urlsplit(self.page.url).path, load.weight, self.where)
        assert load.weight <= PAGE_BUDGET, (
            f"{name} transferred {load.weight} bytes, over the {PAGE_BUDGET}-byte budget:\n"
            + load.breakdown()
        )
        overflow = self.page.evaluate(HORIZONTAL_OVERFLOW, self.javascript)
        if overflow and self._known("horizontal-overflow", name):
            Report.note("horizontal-overflow", f"known, {self.where}", name, overflow)
        else:
            assert not overflow, f"{name} ({self.where}) is wider than the screen: {overflow}"
        if self.javascript:
            shape = (name, self.where, self.page.evaluate(PAGE_SHAPE))
            # A known defect is reproduced (excuse_known off) whether or not it was seen.
            if shape not in Report.audited or not self.excuse_known:
                self._check_axe(name)
                Report.audited.add(shape)
        if (name, self.where) not in Report.swept:
            Report.swept.add((name, self.where))
            self._check_keyboard(name)

    def _wait_settled(self, load: PageLoad) -> None:
        # Network events arrive on their own channel; give the last ones a moment to land (up
        # to 5 s: lazy images that scrolling brought into view load late on a busy machine).
        for _ in range(250):
            if load.settled and load.document is not None:
                return
            self.page.wait_for_timeout(20)
        raise AssertionError(f"page load did not settle:\n{load.breakdown()}")

    def _known(self, check: str, name: str) -> bool:
        return self.excuse_known and (check, name) in _KNOWN

    def _check_keyboard(self, name: str) -> None:
        """Tab from the top of the page to its end: every control is reached, in view and
        visibly outlined, and focus leaves at the end (no trap). Focus ends where it started.
        """
        expected = self.page.evaluate(TAB_STOPS)
        reached: dict[int, str] = {}
        problems = []
        last = None
        # A date or time input takes one Tab per part (day, month, year) in Chromium: the same
        # element focused again at once is a part, not the start of a loop.
        for _ in range(3 * expected + 2):
            self.page.keyboard.press("Tab")
            stop = self.page.evaluate(FOCUS_STOP)
            if stop is not None and stop["index"] == last:
                continue
            if stop is None or stop["index"] in reached:
                break
            last = stop["index"]
            reached[stop["index"]] = stop["label"]
            if not stop["outlined"]:
                problems.append(f"no visible focus outline on {stop['label']}")
            if not stop["onScreen"]:
                problems.append(f"focused but off screen: {stop['label']}")
        else:
            problems.append("focus never left the page (a keyboard trap?)")
        if len(reached) != expected:
            problems.append(f"Tab reached {len(reached)} of the {expected} controls")
        self.page.evaluate("() => window.scrollTo(0, 0)")
        assert not problems, (
            f"keyboard on {name} ({self.where}):\n  "
            + "\n  ".join(problems)
            + "\nreached in order:\n  "
            + "\n  ".join(reached.values())
        )

    def _check_axe(self, name: str) -> None:
        failing = []
        for violation in axe_violations(self.page):
            known = self._known(violation["id"], name)
            if violation["impact"] in FAILING_IMPACTS and not known:
                failing.append(violation)
            else:
                Report.note(
                    violation["id"],
                    violation["impact"] + (" (known)" if known else ""),
                    name,
                    [n["target"] for n in violation["nodes"]],
                )
        assert not failing, (
            f"axe-core: serious or critical violations on {name} ({self.where}, "
            f"{self.page.url}):\n{describe(failing)}"
        )

    # Steps the journeys share -----------------------------------------------------------

    def main_nav(self) -> Locator:
        return self.page.get_by_role("navigation", name=self.text["main_nav"], exact=True)

    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    def field(self, key: str) -> Locator:
        return self.page.get_by_label(self.text[key], exact=True)

    def button(self, key: str) -> Locator:
        return self.page.get_by_role("button", name=self.text[key], exact=True)

    def status_message(self) -> Locator:
        return self.page.locator(".flashes [role=status]")

    def register(self, *, name: str, email: str, password: str) -> None:
        """From any page: the header's Register link, then the form filled and sent."""
        self.click(self.main_nav().get_by_role("link", name=self.text["register"], exact=True))
        expect(self.heading()).to_have_text(self.text["register_title"])
        self.field("full_name").fill(name)
        self.field("email").fill(email)
        self.field("password").fill(password)
        self.field("password_again").fill(password)
        self.field("country").select_option("MX")
        self.field("sector").select_option("media")
        self.click(self.button("create_account"))
        expect(self.heading()).to_have_text(self.text["check_email"])
        expect(self.page.get_by_role("main")).to_contain_text(email)

    def sign_in(self, email: str, password: str, *, name: str) -> None:
        """From any page: the header's Sign in link, then the form; ends signed in."""
        if urlsplit(self.page.url).path != "/account/sign-in":
            self.click(self.main_nav().get_by_role("link", name=self.text["sign_in"], exact=True))
        self.field("email").fill(email)
        self.field("password").fill(password)
        self.click(self.button("sign_in"))
        expect(self.status_message()).to_have_text(self.text["welcome"].format(name=name))
        expect(self.main_nav().get_by_role("link", name=name, exact=True)).to_be_visible()

    def switch_language(self, lang: str) -> None:
        """Follow the header's link to ``lang``; from then on the tab expects its strings."""
        switch = self.page.get_by_role("navigation", name=self.text["language_nav"], exact=True)
        # Seen as "ES", announced as "ES (Español)": the visible text stays in the name.
        names = {"es": "ES (Español)", "en": "EN (English)"}
        self.click(switch.get_by_role("link", name=names[lang], exact=True))
        self.lang, self.text = lang, UI[lang]

    def sign_out(self) -> None:
        self.click(self.main_nav().get_by_role("button", name=self.text["sign_out"], exact=True))
        expect(self.status_message()).to_have_text(self.text["signed_out"])
        expect(self.main_nav().get_by_role("link", name=self.text["sign_in"])).to_be_visible()
