"""The English and Chinese editions of the book: a link on every page to the same page in the other.

The English book is built at _build/html and the Chinese one at _build/html/zh from the catalogues in
locales/ (see i18n/). Both editions set two config values: ``edition_other_root``, the other edition's
root relative to this one's (``zh/`` or ``../``), and ``edition_other_label``, the link's text.

Glossary terms show their name in the other language (Sphinx drops the classifier of
"term : 术语"). Display math is kept out of the catalogues: a formula is the same in both editions, so it is not a
message for a translator (inline math stays inside its sentence, which is translated as a whole).
"""
from docutils import nodes
from markupsafe import escape
from sphinx import addnodes
from sphinx.search.zh import SearchChinese


def keep_math_out_of_catalogues(app, doctree):
    for block in doctree.findall(nodes.math_block):
        block["translatable"] = False


def show_glossary_classifiers(app, doctree):
    """Show each glossary term's name in the other language, written after it as "term : 术语" (Sphinx
    keeps that classifier only as an index key): "ablation (消融)", in the Chinese edition "消融（ablation）"."""
    chinese = (app.config.language or "en").startswith("zh")
    for term in doctree.findall(nodes.term):
        names = [entry[4] for index in term.findall(addnodes.index) for entry in index["entries"]
                 if len(entry) > 4 and entry[4]]
        if names:
            text = f"（{names[0]}）" if chinese else f" ({names[0]})"
            term.append(nodes.inline(text, text, classes=["term-other-language"]))


def link_to_other_edition(app, pagename, templatename, context, doctree):
    root = app.config.edition_other_root
    if not root or "body" not in context:
        return
    # Both editions have the same pages at the same paths below their roots.
    href = "../" * pagename.count("/") + root + pagename + ".html"
    lang = "en" if root.startswith("..") else "zh-CN"
    context["body"] = (f'<p class="edition-switch"><a class="edition-link" href="{escape(href)}" hreflang="{lang}" '
                       f'lang="{lang}">{escape(app.config.edition_other_label)}</a></p>\n') + context["body"]


class _Terms(set):
    """A set that SearchChinese.split can ``extend`` as it would its list."""

    def extend(self, terms) -> None:
        self.update(terms)


class SearchChineseFast(SearchChinese):
    """Sphinx 7's Chinese search index, with its Latin terms in a set. Sphinx 7 keeps every Latin word
    of the book in a list and looks each stemmed word up in it: quadratic, about 55 s of a 75 s Chinese
    build. Sphinx 8.1 made it a set (sphinx-doc/sphinx#12995); jupyter-book 1.x needs Sphinx 7. The
    index it writes is the same."""

    def init(self, options) -> None:
        super().init(options)
        self.latin_terms = _Terms()


def setup(app):
    app.add_search_language(SearchChineseFast)
    app.add_config_value("edition_other_root", "", "html")
    app.add_config_value("edition_other_label", "", "html")
    app.connect("doctree-read", keep_math_out_of_catalogues)
    app.connect("doctree-read", show_glossary_classifiers)
    app.connect("html-page-context", link_to_other_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
