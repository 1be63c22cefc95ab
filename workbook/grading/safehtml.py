"""No live link or script in a page that shows a student's notebook.

nbconvert's ``SanitizeHTML`` preprocessor cleans the *source* of markdown
cells, but markdown is turned into HTML later, by the template's
``markdown2html`` filter: ``[x](javascript:alert(1))`` is plain markdown to
the preprocessor and a live ``<a href="javascript:...">`` in the page. So the
HTML is sanitised after it is rendered, with bleach (which nbconvert itself
uses), through nbconvert's extension points only:

* ``SafeMarkdown``, a Jinja filter configured in place of ``markdown2html``
  (``c.HTMLExporter.filters``, nbgrader_config.py): it renders with the
  exporter's own ``markdown2html`` and passes the result through bleach
  (``clean``: an allow-list of tags and attributes, links only to http, https
  and mailto, images only as ``data:image/...``). Every ``HTMLExporter``
  nbgrader configures uses it: the feedback pages and the formgrader's view of
  a submission (markdown cells, markdown outputs, the instructor's comments).
  ``c.HTMLExporter.sanitize_html`` has nbconvert's templates clean HTML and
  markdown outputs as well.
* ``FeedbackExporter`` (``c.GenerateFeedback.exporter_class``), the feedback
  pages' exporter: a page is a file a student opens on their own, with
  nothing live in it, so after rendering it removes every script, event
  handler and ``javascript:`` URL the template or anything else put in the
  page, and adds a Content-Security-Policy that forbids scripts, frames,
  plugins, forms and every fetch but inline styles and ``data:`` images
  (math is shown as its TeX source; MathJax is a script).

The formgrader is a live application whose own pages need its scripts (to
enter grades), so it gets the filter (no live link or script from the
student's notebook) but not the page-wide policy.
"""
from __future__ import annotations

import re
from pathlib import Path

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bs4 import BeautifulSoup
from jinja2 import pass_context
from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from traitlets import Unicode, default
from traitlets.config import LoggingConfigurable

CSP = ("default-src 'none'; script-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; "
       "connect-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; media-src 'none'; "
       "base-uri 'none'; form-action 'none'")

TAGS = frozenset(bleach.ALLOWED_TAGS) | {
    "p", "div", "span", "br", "hr", "pre", "code", "kbd", "samp", "var", "h1", "h2", "h3", "h4", "h5", "h6",
    "img", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "del", "ins",
    "s", "u", "sub", "sup", "mark", "small", "dl", "dt", "dd", "details", "summary", "figure", "figcaption",
    "cite", "q", "dfn", "time",
}
LINK_PROTOCOLS = ("http", "https", "mailto")
COMMON = ("class", "id", "title", "lang", "dir")


def _attribute(tag: str, name: str, value: str) -> bool:
    """Which attributes survive (bleach then checks every URL's protocol)."""
    if name in COMMON:
        return True
    if tag == "a":
        return name == "href" and not value.strip().lower().startswith("data:")
    if tag == "img":
        return name in ("alt", "width", "height") or (name == "src" and value.strip().lower().startswith("data:image/"))
    if tag in ("td", "th"):
        return name in ("colspan", "rowspan", "style", "align")
    if tag in ("ol", "li"):
        return name in ("start", "value", "type")
    if tag in ("span", "div", "p", "code"):
        return name == "style"
    return False


_cleaner = bleach.Cleaner(
    tags=TAGS, attributes=_attribute, protocols=[*LINK_PROTOCOLS, "data"], strip=True, strip_comments=True,
    css_sanitizer=CSSSanitizer())


def clean(html: str) -> str:
    """Rendered HTML (of markdown, an output) with nothing live left in it."""
    return _cleaner.clean(html)


class SafeMarkdown(LoggingConfigurable):
    """The ``markdown2html`` Jinja filter of an HTMLExporter, sanitised:
    ``c.HTMLExporter.filters = {"markdown2html": "workbook.grading.safehtml.SafeMarkdown"}``.
    nbconvert builds it with the exporter as its parent and calls it with the
    template's context (for the cell's attachments)."""

    jinja_pass_arg = pass_context(lambda: None).jinja_pass_arg  # Jinja passes the context first

    def __call__(self, context, source) -> str:
        render = getattr(self.parent, "markdown2html", None)
        if render is None:   # not an HTMLExporter: nbconvert's plain filter
            from nbconvert.filters.markdown import markdown2html as render_plain
            return clean(render_plain(source))
        # an exporter of many pages (FeedbackExporter) keeps what it rendered: a text is rendered from itself and
        # the exporter's settings alone, unless its cell has attachments or images are embedded from its folder
        renders = getattr(self.parent, "renders", {}).get("markdown2html")
        if renders is None or (context.get("cell") or {}).get("attachments") or \
                getattr(self.parent, "embed_images", False):
            return clean(render(context, source))
        return renders.get(source, lambda: clean(render(context, source)))


_LIVE_TAGS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "noscript",
              "portal")
_URL_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset",
              "ping", "lowsrc", "dynsrc", "cite", "longdesc", "manifest", "codebase")
_SAFE_URL = re.compile(r"^(?:https?:|mailto:|data:image/|#|[^:/?#]*(?:[/?#]|$))", re.I)


def lock_down(page: str, csp: str = CSP, accessible: bool = False) -> str:
    """A whole rendered page with no script, no event handler, no frame or
    form and no URL but http(s), mailto, data images and relative ones, with
    a Content-Security-Policy first in its head. ``accessible``: also what
    nbconvert's HTMLExporter adds to a page after rendering it (``_accessible``),
    in the same parse and the same walk over its tags."""
    soup = BeautifulSoup(page, "html.parser")
    for tag in soup.find_all(_LIVE_TAGS):
        tag.decompose()
    for tag in soup.find_all("meta"):
        if (tag.get("http-equiv") or "").lower() in ("refresh", "content-security-policy", "set-cookie"):
            tag.decompose()
    for tag in soup.find_all("link"):
        tag.decompose()   # nothing is fetched: styles are inline
    for tag in soup.find_all(True):
        for name in list(tag.attrs):
            low = name.lower()
            value = tag.attrs[name]
            value = " ".join(value) if isinstance(value, list) else str(value)
            squeezed = _CONTROL.sub("", value)
            if low.startswith("on") or low in ("formaction", "srcdoc") or \
                    (low in _URL_ATTRS and not _SAFE_URL.match(squeezed)) or \
                    (low == "style" and _LIVE_STYLE.search(value)):
                del tag.attrs[name]
        if accessible:
            _accessible(tag)
    head = soup.head
    if head is None:
        head = soup.new_tag("head")
        (soup.html or soup).insert(0, head)
    meta = soup.new_tag("meta")
    meta["http-equiv"] = "Content-Security-Policy"
    meta["content"] = csp
    head.insert(0, meta)
    return str(soup)


_CONTROL = re.compile(r"[\x00-\x20]+")
_LIVE_STYLE = re.compile(r"expression\s*\(|javascript:|url\s*\(\s*['\"]?\s*(?!data:image/)", re.I)
_FOCUSABLE = ("jp-Cell-inputWrapper", "jp-OutputArea-output")


def _accessible(tag) -> None:
    """nbconvert's HTMLExporter's pass over a rendered page (7.17), for one
    tag: a text for an image without one (``img:not([alt])``), and the cells'
    inputs and outputs focusable (``.jp-Notebook div.jp-Cell-inputWrapper``,
    ``.jp-Notebook div.jp-OutputArea-output``). The same selectors as
    nbconvert's, matched while lock_down walks the tags instead of by three
    CSS queries over the whole page (3.5 of a 06 class's 34 s)."""
    if tag.name == "img":
        if "alt" not in tag.attrs:
            tag.attrs["alt"] = "No description has been provided for this image"
    elif tag.name == "div":
        classes = tag.get("class") or ()
        if any(c in classes for c in _FOCUSABLE) and \
                any("jp-Notebook" in (p.get("class") or ()) for p in tag.parents):
            tag.attrs["tabindex"] = "0"


class _Renders:
    """What a filter rendered, by what it was given: the feedback pages of a
    class show the same markdown, given code and test cells on every page
    (a student's own cells differ). The oldest go first past ``size``."""

    def __init__(self, size: int = 4096):
        self.size, self.done = size, {}

    def get(self, key, render):
        if key in self.done:
            return self.done[key]
        out = self.done[key] = render()
        if len(self.done) > self.size:
            del self.done[next(iter(self.done))]
        return out


class _HighlightedOnce(Highlight2HTML):
    """nbconvert's ``highlight_code`` filter that highlights a source once
    per exporter (for the same lexer, language and magics language)."""

    def __init__(self, renders: _Renders, **kw):
        super().__init__(**kw)
        self.renders = renders

    def __call__(self, source, language=None, metadata=None):
        # what nbconvert's highlighting reads of a cell's metadata (_pygments_highlight): its magics_language
        key = (self.pygments_lexer, source, language, (metadata or {}).get("magics_language"))
        return self.renders.get(key, lambda: super(_HighlightedOnce, self).__call__(source, language, metadata))


TEMPLATES = Path(__file__).resolve().parent / "templates"


def _words(nb):
    """The template's ``_(msgid, **values)``: a word of the page in the
    language of the notebook it shows (its metadata), from the package's
    catalogue."""
    from .. import i18n
    from ..messages import Message, msg, render
    lang = i18n.language_for(i18n.notebook_language(nb))

    def words(text, **values):
        return render(msg(text, **values) if values else Message(text), lang)
    return words


class FeedbackExporter(HTMLExporter):
    """The feedback pages' exporter (``c.GenerateFeedback.exporter_class``):
    nbgrader's feedback template, rendered, then locked down (``lock_down``).
    One exporter writes a whole class's pages: its markdown and code
    highlighting are rendered once for all of them."""

    content_security_policy = Unicode(CSP, help="the Content-Security-Policy of every feedback page").tag(config=True)

    @default("sanitize_html")
    def _sanitize_html_default(self):
        return True

    feedback_template = Unicode("workbook_feedback", help="the feedback pages' template: nbgrader's, its words "
                                                         "rendered in each notebook's language (templates/"
                                                         "workbook_feedback); '' keeps nbgrader's own").tag(config=True)

    def __init__(self, *args, config=None, **kw):
        from traitlets.config import Config
        self.renders = {"markdown2html": _Renders(), "highlight_code": _Renders()}   # read by SafeMarkdown too
        config = Config(config) if config is not None else Config()
        mine = config.FeedbackExporter
        template = mine.get("feedback_template", "workbook_feedback")
        if template:   # nbgrader's GenerateFeedback sets HTMLExporter.template_name = "feedback": this class's wins
            mine.template_name = template
            mine.extra_template_basedirs = [str(TEMPLATES), *config.HTMLExporter.get("extra_template_basedirs", [])]
        super().__init__(*args, config=config, **kw)

    def default_filters(self):
        for name, f in super().default_filters():
            yield name, (SafeMarkdown(parent=self) if name == "markdown2html" else f)

    def from_notebook_node(self, nb, resources=None, **kw):
        """HTMLExporter's rendering (its filters, then the template), locked
        down. HTMLExporter.from_notebook_node would parse the page a first
        time for its accessibility pass (``_accessible``); ``lock_down``
        parses it anyway and does that pass too: one parse of the page, not
        two (a 06 page is 600 kB: 2 s -> 1.3 s)."""
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter("highlight_code",
                             self.filters.get("highlight_code",
                                              _HighlightedOnce(self.renders["highlight_code"], pygments_lexer=lexer,
                                                               parent=self)))
        resources = self._init_resources(resources)
        self.environment.globals["_"] = _words(nb)
        self.register_filter("filter_data_type",
                             WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        output, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        return lock_down(output, self.content_security_policy, accessible=True), resources
