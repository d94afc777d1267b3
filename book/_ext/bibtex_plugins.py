"""pybtex's plugins found once per build, not once per citation.

sphinxcontrib-bibtex 2.7 asks pybtex for its plain-text backend each time it resolves a citation
(``BibtexDomain.resolve_xref``: about 300 in the book), and pybtex 0.26 finds a plugin by reading the
entry points of every installed package each time: about 4 s of each edition's build. pybtex looks in
the plugins registered with its ``register_plugin`` first, so registering the classes those entry points
name makes every later lookup a dictionary read. The classes are the same, and so is the HTML.
"""
import pybtex.plugin


def register_what_citations_use(app, config) -> None:
    styles = {config.bibtex_default_style, config.bibtex_tooltips_style or config.bibtex_default_style}
    wanted = [("pybtex.backends", "plaintext"), ("pybtex.backends", "docutils"),
              *(("pybtex.style.formatting", style) for style in sorted(styles))]
    for group, name in wanted:
        # force: an entry point of that name exists (it is where the class comes from).
        pybtex.plugin.register_plugin(group, name, pybtex.plugin.find_plugin(group, name), force=True)


def setup(app):
    app.connect("config-inited", register_what_citations_use)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
